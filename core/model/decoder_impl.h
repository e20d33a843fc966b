// The Llama-family decoder as transformers computes it: token embeddings, per
// layer RMSNorm → grouped-query self-attention with rotary positions →
// residual, RMSNorm → SwiGLU MLP → residual; a final RMSNorm and the lm_head
// (tied to the embeddings where the config says so). Llama, Mistral and Qwen2
// share this graph: they differ only in what config.json switches (q/k/v bias,
// tied embeddings, sliding window, rope scaling), so there is one file, not three.
// Torch types: only core includes this header.
#pragma once

#include "core/model/lora_impl.h"
#include "core/model/model_config.h"

#include <array>
#include <functional>
#include <optional>
#include <vector>

namespace qs::model {

struct DecoderLayer {
    torch::Tensor inputNorm;         // [hidden]
    torch::Tensor postAttentionNorm; // [hidden]
    Projection q, k, v, o, gate, up, down;

    // In the order of allProjections().
    std::array<Projection*, 7> projections() { return {&q, &k, &v, &o, &gate, &up, &down}; }
    std::array<const Projection*, 7> projections() const { return {&q, &k, &v, &o, &gate, &up, &down}; }
};

// Rotary embedding tables for positions [offset, offset + length).
struct RotaryTables {
    torch::Tensor cos; // [length, headDim], compute dtype
    torch::Tensor sin;
};

// Keys and values of the positions seen so far, per layer (after rotary, before
// the grouped heads are repeated): [batch, kvHeads, positions, headDim].
struct KvCache {
    std::vector<torch::Tensor> keys;
    std::vector<torch::Tensor> values;
    int64_t length() const { return keys.empty() || !keys[0].defined() ? 0 : keys[0].size(2); }
};

// Keys and values in buffers of a fixed capacity, and the next position as a
// tensor on the device: every decode step then has the same shapes and reads
// nothing from the host, so its kernels can be recorded once as a CUDA graph
// and replayed. Filled from a prefill's KvCache.
struct StaticKvCache {
    std::vector<torch::Tensor> keys;   // [batch, kvHeads, capacity, headDim]
    std::vector<torch::Tensor> values;
    torch::Tensor position;            // [1], long: where the next token goes
    torch::Tensor keyPositions;        // [capacity], long: 0 … capacity - 1

    StaticKvCache(const KvCache& filled, int64_t capacity);
    int64_t capacity() const { return keyPositions.size(0); }
};

// A layer's queries, keys and values.
struct LayerAttentionInputs {
    torch::Tensor q, k, v;
};

struct Decoder {
    ModelConfig config;
    torch::ScalarType computeDtype = torch::kFloat32;
    torch::Tensor embedding;            // [vocab, hidden], compute dtype
    std::vector<DecoderLayer> layers;
    torch::Tensor finalNorm;            // [hidden]
    std::optional<FrozenLinear> lmHead; // absent when tied to the embeddings
    torch::Tensor inverseFrequencies;   // [headDim / 2], fp32 (llama3 scaling applied)
    bool loraEnabled = true;
    bool training = false;

    RotaryTables rotary(int64_t offset, int64_t length) const;
    // The tables for the positions in `positions` (fp32 on the decoder's device).
    RotaryTables rotaryAt(const torch::Tensor& positions) const;
    // Runs layer `index` on x; the trainer's runner adds recomputation and seeded dropout.
    using LayerRunner = std::function<torch::Tensor(size_t index, const torch::Tensor& x, const RotaryTables& rope)>;
    // ids: [batch, seq] → hidden states [batch, seq, hidden]
    torch::Tensor hidden(const torch::Tensor& ids, const LayerRunner& runLayer = {}) const;
    // x: [batch, seq, hidden] → [batch, seq, hidden]. With a cache, x holds the
    // positions after the cached ones, and their keys and values are appended.
    torch::Tensor layer(const DecoderLayer& layer, const torch::Tensor& x, const RotaryTables& rope,
                        KvCache* cache = nullptr, size_t index = 0) const;
    // Training runs a layer as its two residual steps, layer()'s operations:
    // h = x + o(attention(norm(x))), then h + down(SwiGLU(norm(h))), so that a
    // checkpoint can keep h too. With FrozenProduct::GradientOnly the step's last
    // frozen product (o's or down's) is left out of the value — for a recomputation,
    // which needs only the gradients (o and down: over a third of a layer's products).
    // `kept`, if given and empty, receives q, k and v as projected (before rotary);
    // if given and filled, they are used as the projections' values, whose
    // products then run for their gradients only.
    torch::Tensor attentionResidual(const DecoderLayer& layer, const torch::Tensor& x, const RotaryTables& rope,
                                    FrozenProduct o = FrozenProduct::Computed,
                                    LayerAttentionInputs* kept = nullptr) const;
    torch::Tensor feedForwardResidual(const DecoderLayer& layer, const torch::Tensor& h,
                                      FrozenProduct down = FrozenProduct::Computed) const;
    // ids: [batch, new] → hidden states of the new positions, continuing the cache.
    torch::Tensor hiddenCached(const torch::Tensor& ids, KvCache& cache) const;
    // ids: [batch, 1] → hidden state of that one position, written into the
    // static cache, whose position then advances (all on the device).
    torch::Tensor decodeStep(const torch::Tensor& ids, StaticKvCache& cache) const;
    // RMSNorm with the decoder's epsilon: on a GPU, the fused kernel at inference
    // and the fused kernel with its backward in training.
    torch::Tensor norm(const torch::Tensor& x, const torch::Tensor& weight) const;
    // {norm(x), x}: a residual step's sum reads the second, so that in training
    // with the fused kernel the norm's backward adds the sum's gradient for x.
    std::pair<torch::Tensor, torch::Tensor> normWithResidual(const torch::Tensor& x, const torch::Tensor& weight) const;
    // Whether the fused elementwise kernels may run: enabled (fused_switch.h), and neither
    // training (whose recomputation must repeat the forward exactly) nor autograd.
    bool fusedInference() const;
    // The pieces of layer(), shared with decodeStep():
    // {x + delta, its RMSNorm with weight} (one fused kernel at inference on a GPU);
    std::pair<torch::Tensor, torch::Tensor> addNorm(const torch::Tensor& x, const torch::Tensor& delta,
                                                    const torch::Tensor& weight) const;
    // {x + attention, its post-attention RMSNorm}: layer() up to the MLP;
    std::pair<torch::Tensor, torch::Tensor> attentionBlock(const DecoderLayer& layer, const torch::Tensor& x,
                                                           const RotaryTables& rope, KvCache* cache, size_t index) const;
    // the attention heads' output for the input-normed x, [batch, seq, heads × headDim], before o;
    torch::Tensor attended(const DecoderLayer& layer, const torch::Tensor& normed, const RotaryTables& rope,
                           KvCache* cache, size_t index, LayerAttentionInputs* kept = nullptr) const;
    // q, k, v of the normed input as [batch, seq, heads, headDim], before rotary;
    LayerAttentionInputs projectHeads(const DecoderLayer& layer, const torch::Tensor& normed,
                                      FrozenProduct product = FrozenProduct::Computed) const;
    // rotary positions on [batch, seq, heads, headDim] → [batch, heads, seq, headDim];
    torch::Tensor rotate(const torch::Tensor& heads, const RotaryTables& rope) const;
    // the SwiGLU MLP of the post-attention-normed input.
    torch::Tensor feedForward(const DecoderLayer& layer, const torch::Tensor& normed,
                              FrozenProduct down = FrozenProduct::Computed) const;
    // hidden: [batch, seq, hidden] → logits [batch, seq, vocab] in the compute dtype
    torch::Tensor logits(const torch::Tensor& hidden) const;
};

// 1 / θ^(2i/d), with the llama3 frequency scaling when the config has it; fp32 on `device`.
torch::Tensor ropeInverseFrequencies(const ModelConfig& config, const torch::Device& device);
// x · cos + rotateHalf(x) · sin, rotateHalf([a, b]) = [-b, a]; x: [..., seq, headDim], rope [seq, headDim].
torch::Tensor applyRotary(const torch::Tensor& x, const RotaryTables& rope);
// x * rsqrt(mean(x²) + eps) in fp32, cast back, times the weight.
torch::Tensor rmsNorm(const torch::Tensor& x, const torch::Tensor& weight, double eps);

} // namespace qs::model

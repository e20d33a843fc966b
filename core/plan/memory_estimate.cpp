#include "core/plan/memory_estimate.h"

#include "core/train/loss_chunks.h"

#include <algorithm>

namespace qs::plan {
namespace {

// Bytes kept per token and decoder layer with checkpointing off, counted from
// the engine's decoder in training on a GPU in a 16-bit compute dtype: the
// layer input and the residual after attention (kept by the fused RMSNorms),
// both normed inputs and the attention output (kept by the 16-bit LoRA
// branches, which keep no fp32 copies), q after rotary and the attention
// kernel's output (saved by it), k and v with the checkpoint's own k/v heads
// (the grouped-query kernel reads them in place), the MLP's gate and up (saved
// by the fused SwiGLU) and their product (by down's branch):
// 6 × 2H + 2 × 2KV + 3 × 2I = 12H + 4KV + 6I — of which the attention step
// (layer input, its norm, q, the attention output, k, v) holds 8H + 4KV and the
// feed-forward step (h, its norm, gate, up, their product) 4H + 6I. In fp32, k
// and v are repeated to all heads (KV = H). On the H200 (Llama-3-8B shape, bf16,
// 2026-11-30) the allocator's peak grew by 1.006 of the count per token from
// batch 1 to 4, and reading k/v in place lowered the batch-4 peak by 2.94 GiB,
// where the count drops by 3.0 GiB.
constexpr double kAttentionHiddenBytes = 8.0;
constexpr double kFeedForwardHiddenBytes = 4.0;
constexpr double kLayerKeyValueBytes = 4.0;
constexpr double kLayerIntermediateBytes = 6.0;
// The loss computes the logits of one chunk of rows at a time (loss_chunks.h).
// 16-bit logits on a GPU go through the fused loss, which writes their gradient
// over them: 2 bytes per row per vocabulary entry. fp32 ones through libtorch's
// cross_entropy: logits, log-softmax, its gradient and the logits' gradient, 4
// bytes each (16-bit ones too in a CUDA build without the kernels, which the
// estimate does not tell apart: about 0.9 GiB more for a 128k vocabulary).
constexpr double kFusedLogitsBytesPerVocab = 2.0;
constexpr double kFp32LogitsBytesPerVocab = 16.0;
// Backward holds gradients beyond the kept values: a feed-forward step's
// dL/d(SwiGLU output), dL/dgate and dL/dup (6 bytes per intermediate value if
// all lived at once). With the loss fused, so that a chunk of logits no longer
// hides them, the H200's peaks (2026-11-30) exceed the count by 3.75-4.0 bytes
// per intermediate value and token on the 8B shape at batch 4, 4.7-5.0 on 1B.
constexpr double kBackwardGradientBytes = 4.0;
// Cached but unused blocks: reserved exceeded allocated by 7 % in bf16 there,
// plus, for quantized weights, the blocks their dequantization leaves cached
// (measured 1.3 GiB for nf4 and 0.7 GiB for int8 on the 8B shape: about 24 and
// 12 bytes per element of the largest projection matrix).
constexpr double kAllocatorSlack = 0.07;
constexpr double kNf4WorkspacePerElement = 24.0;
constexpr double kInt8WorkspacePerElement = 12.0;

} // namespace

int64_t loraParameterCount(const model::ModelConfig& config, int64_t rank)
{
    const int64_t h = config.hiddenSize;
    const int64_t q = config.heads * config.headDim;
    const int64_t kv = config.kvHeads * config.headDim;
    const int64_t i = config.intermediateSize;
    const int64_t perLayer = (h + q) + (h + kv) * 2 + (q + h) + (h + i) * 2 + (i + h);
    return config.layers * rank * perLayer;
}

MemoryEstimate estimateTrainingMemory(const model::ModelConfig& config, const TrainingShape& shape)
{
    MemoryEstimate estimate;
    const model::Precision precision = shape.precision == model::Precision::Auto ? model::Precision::Bf16 : shape.precision;
    estimate.weights = model::weightBytes(config, precision);
    estimate.loraStates = loraParameterCount(config, shape.loraRank) * shape.loraTargets / 7 * 16;

    const double tokens = double(shape.batchSize) * double(shape.seqLen);
    const double computeBytes = precision == model::Precision::Fp32 ? 2.0 : 1.0; // fp32 doubles every 16-bit buffer
    const double keyValueWidth = precision == model::Precision::Fp32 ? double(config.hiddenSize)
                                                                      : double(config.kvHeads * config.headDim);
    const double attentionStep =
        computeBytes * (kAttentionHiddenBytes * double(config.hiddenSize) + kLayerKeyValueBytes * keyValueWidth);
    const double feedForwardStep = computeBytes * (kFeedForwardHiddenBytes * double(config.hiddenSize)
                                                   + kLayerIntermediateBytes * double(config.intermediateSize));
    const double layer = attentionStep + feedForwardStep;
    const double logitRows = std::min(tokens, double(train::lossChunkRows(config.vocabSize)));
    const double logitBytes = precision == model::Precision::Fp32 ? kFp32LogitsBytesPerVocab : kFusedLogitsBytesPerVocab;
    const double logits = logitRows * logitBytes * double(config.vocabSize);
    estimate.logits = int64_t(logits);
    const double gradients = tokens * computeBytes * kBackwardGradientBytes * double(config.intermediateSize);
    if (shape.checkpointing == train::GradCheckpointing::Off) {
        // All kept while the loss runs, and while backward's gradients form.
        estimate.activations = int64_t(tokens * double(config.layers) * layer + std::max(0.0, gradients - logits));
    } else {
        // The loss's backward ends before the last layer is recomputed: the peak
        // holds one chunk's logits or one recomputed step and its gradients. `On` keeps per
        // layer its input, h, q, k and v and recomputes one residual step at a time;
        // `Lean` keeps the layer inputs and recomputes whole layers; offloading
        // keeps them in pinned CPU memory instead.
        const double keptPerToken =
            shape.checkpointing == train::GradCheckpointing::On
                ? 2.0 * computeBytes
                      * double(2 * config.hiddenSize + config.heads * config.headDim
                               + 2 * config.kvHeads * config.headDim)
            : shape.checkpointing == train::GradCheckpointing::Lean ? 2.0 * computeBytes * double(config.hiddenSize)
                                                                    : 0.0;
        const double inputs = tokens * double(config.layers) * keptPerToken;
        const double recomputed = shape.checkpointing == train::GradCheckpointing::On
                                      ? std::max(attentionStep, feedForwardStep)
                                      : layer;
        estimate.activations = int64_t(inputs + std::max(0.0, tokens * recomputed + gradients - logits));
    }
    estimate.cudaContext = kCudaContextBytes;
    const double largestMatrix = double(config.hiddenSize) * double(std::max(config.intermediateSize, config.hiddenSize));
    const double workspace = precision == model::Precision::Nf4    ? kNf4WorkspacePerElement * largestMatrix
                             : precision == model::Precision::Int8 ? kInt8WorkspacePerElement * largestMatrix
                                                                   : 0.0;
    estimate.allocatorSlack = int64_t(kAllocatorSlack * double(estimate.peakAllocated()) + workspace);
    return estimate;
}

} // namespace qs::plan

#include "core/model/decoder_impl.h"

#include "core/model/fused_ops_impl.h"
#include "core/model/fused_switch.h"
#include "core/model/fused_training_ops_impl.h"
#include "core/model/torch_compat_impl.h"

#include <cmath>
#include <numbers>

namespace qs::model {
namespace {

// [x1, x2] → [-x2, x1] over the last dimension.
torch::Tensor rotateHalf(const torch::Tensor& x)
{
    const int64_t half = x.size(-1) / 2;
    return torch::cat({x.slice(-1, half).neg(), x.slice(-1, 0, half)}, -1);
}

// x + delta in a recomputation that needs only gradients (FrozenProduct::GradientOnly):
// no value is formed (a zero that stores nothing), and both receive the sum's gradient.
struct GradientOnlySum : torch::autograd::Function<GradientOnlySum> {
    static torch::Tensor forward(torch::autograd::AutogradContext*, const torch::Tensor& x, const torch::Tensor& delta)
    {
        (void)delta;
        return torch::zeros({}, x.options()).expand(x.sizes());
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext*,
                                                   torch::autograd::variable_list gradOutputs)
    {
        return {gradOutputs[0], gradOutputs[0]};
    }
};

// A kept product's value on the recomputed product's gradient path: the
// recomputation runs the product for its gradients only (FrozenProduct::GradientOnly).
struct KeptValue : torch::autograd::Function<KeptValue> {
    static torch::Tensor forward(torch::autograd::AutogradContext*, const torch::Tensor& kept, const torch::Tensor& path)
    {
        (void)path;
        return kept.view_as(kept);
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext*,
                                                   torch::autograd::variable_list gradOutputs)
    {
        return {torch::Tensor(), gradOutputs[0]};
    }
};

torch::Tensor residualSum(const torch::Tensor& x, const torch::Tensor& delta, FrozenProduct product)
{
    return product == FrozenProduct::Computed ? x + delta : GradientOnlySum::apply(x, delta);
}

} // namespace

torch::Tensor applyRotary(const torch::Tensor& x, const RotaryTables& rope)
{
    return x * rope.cos + rotateHalf(x) * rope.sin;
}

torch::Tensor ropeInverseFrequencies(const ModelConfig& config, const torch::Device& device)
{
    const auto options = torch::TensorOptions().dtype(torch::kFloat32).device(device);
    const int64_t dim = config.headDim;
    const torch::Tensor exponents = torch::arange(0, dim, 2, options.dtype(torch::kLong)).to(torch::kFloat32) / double(dim);
    torch::Tensor inverse = 1.0 / torch::pow(config.ropeTheta, exponents); // [dim / 2]
    if (!config.ropeScaling)
        return inverse;
    // llama3: long wavelengths slowed by `factor`, short ones kept, a smooth blend between.
    const RopeScaling& s = *config.ropeScaling;
    const double original = double(s.originalMaxPositions);
    const double lowFrequencyWavelength = original / s.lowFreqFactor;
    const double highFrequencyWavelength = original / s.highFreqFactor;
    const torch::Tensor wavelength = 2 * std::numbers::pi / inverse;
    torch::Tensor scaled = torch::where(wavelength > lowFrequencyWavelength, inverse / s.factor, inverse);
    const torch::Tensor smooth = (original / wavelength - s.lowFreqFactor) / (s.highFreqFactor - s.lowFreqFactor);
    const torch::Tensor blended = (1 - smooth) * scaled / s.factor + smooth * scaled;
    const torch::Tensor medium = (wavelength < highFrequencyWavelength).logical_not().logical_and(
        (wavelength > lowFrequencyWavelength).logical_not());
    return torch::where(medium, blended, scaled);
}

torch::Tensor rmsNorm(const torch::Tensor& x, const torch::Tensor& weight, double eps)
{
    const torch::Tensor h = x.to(torch::kFloat32);
    return weight * (h * torch::rsqrt(h.pow(2).mean(-1, /*keepdim=*/true) + eps)).to(x.scalar_type());
}

RotaryTables Decoder::rotary(int64_t offset, int64_t length) const
{
    return rotaryAt(torch::arange(offset, offset + length, inverseFrequencies.options()));
}

RotaryTables Decoder::rotaryAt(const torch::Tensor& positions) const
{
    const torch::Tensor angles = positions.unsqueeze(1) * inverseFrequencies.unsqueeze(0); // [length, headDim / 2]
    const torch::Tensor both = torch::cat({angles, angles}, -1);                         // [length, headDim]
    return {both.cos().to(computeDtype), both.sin().to(computeDtype)};
}

bool Decoder::fusedInference() const
{
    return !training && !torch::GradMode::is_enabled() && fusedKernelsEnabled();
}

torch::Tensor Decoder::norm(const torch::Tensor& x, const torch::Tensor& weight) const
{
    return normWithResidual(x, weight).first;
}

std::pair<torch::Tensor, torch::Tensor> Decoder::normWithResidual(const torch::Tensor& x,
                                                                  const torch::Tensor& weight) const
{
    if (fusedInference())
        if (torch::Tensor out = fused::rmsNorm(x, weight, config.rmsNormEps); out.defined())
            return {out, x};
    if (training) // the same kernel in the forward and in its recomputation
        if (auto [normed, residual] = fused::rmsNormWithGradient(x, weight, config.rmsNormEps); normed.defined())
            return {normed, residual};
    return {rmsNorm(x, weight, config.rmsNormEps), x};
}

std::pair<torch::Tensor, torch::Tensor> Decoder::addNorm(const torch::Tensor& x, const torch::Tensor& delta,
                                                         const torch::Tensor& weight) const
{
    if (fusedInference())
        if (auto [sum, normed] = fused::addRmsNorm(x, delta, weight, config.rmsNormEps); sum.defined())
            return {sum, normed};
    torch::Tensor sum = x + delta;
    return {sum, norm(sum, weight)};
}

LayerAttentionInputs Decoder::projectHeads(const DecoderLayer& layer, const torch::Tensor& normed,
                                          FrozenProduct product) const
{
    const std::vector<torch::Tensor> qkv =
        Projection::forwardEach(normed, {&layer.q, &layer.k, &layer.v}, loraEnabled, training, product);
    const auto heads = [&](const torch::Tensor& projected) {
        return projected.view({normed.size(0), normed.size(1), -1, config.headDim});
    };
    return {heads(qkv[0]), heads(qkv[1]), heads(qkv[2])};
}

torch::Tensor Decoder::rotate(const torch::Tensor& heads, const RotaryTables& rope) const
{
    torch::Tensor out;
    if (fusedInference())
        out = fused::rotary(heads, rope);
    else if (training) // the same kernel in the forward and in its recomputation
        out = fused::rotaryWithGradient(heads, rope);
    return out.defined() ? out.transpose(1, 2) : applyRotary(heads.transpose(1, 2), rope);
}

torch::Tensor Decoder::feedForward(const DecoderLayer& layer, const torch::Tensor& normed, FrozenProduct down) const
{
    const std::vector<torch::Tensor> gateUp =
        Projection::forwardEach(normed, {&layer.gate, &layer.up}, loraEnabled, training);
    const torch::Tensor& gate = gateUp[0];
    const torch::Tensor& up = gateUp[1];
    torch::Tensor gated = fusedInference() ? fused::swiGlu(gate, up)
                          : training     ? fused::swiGluWithGradient(gate, up) // the same kernel when recomputed
                                         : torch::Tensor();
    if (!gated.defined())
        gated = torch::silu(gate) * up; // [batch, seq, intermediate]
    return layer.down.forward(gated, loraEnabled, training, down);
}

torch::Tensor Decoder::layer(const DecoderLayer& layer, const torch::Tensor& x, const RotaryTables& rope,
                             KvCache* cache, size_t index) const
{
    const auto [residual, normed] = attentionBlock(layer, x, rope, cache, index);
    return residual + feedForward(layer, normed);
}

torch::Tensor Decoder::attentionResidual(const DecoderLayer& layer, const torch::Tensor& x, const RotaryTables& rope,
                                         FrozenProduct o, LayerAttentionInputs* kept) const
{
    const auto [normed, residual] = normWithResidual(x, layer.inputNorm);
    return residualSum(residual, layer.o.forward(attended(layer, normed, rope, nullptr, 0, kept), loraEnabled, training, o),
                       o);
}

torch::Tensor Decoder::feedForwardResidual(const DecoderLayer& layer, const torch::Tensor& h, FrozenProduct down) const
{
    const auto [normed, residual] = normWithResidual(h, layer.postAttentionNorm);
    return residualSum(residual, feedForward(layer, normed, down), down);
}

std::pair<torch::Tensor, torch::Tensor> Decoder::attentionBlock(const DecoderLayer& layer, const torch::Tensor& x,
                                                                const RotaryTables& rope, KvCache* cache,
                                                                size_t index) const
{
    return addNorm(x, layer.o.forward(attended(layer, norm(x, layer.inputNorm), rope, cache, index), loraEnabled, training),
                   layer.postAttentionNorm);
}

torch::Tensor Decoder::attended(const DecoderLayer& layer, const torch::Tensor& normed, const RotaryTables& rope,
                                KvCache* cache, size_t index, LayerAttentionInputs* kept) const
{
    LayerAttentionInputs heads;
    if (kept && kept->q.defined()) {
        const LayerAttentionInputs path = projectHeads(layer, normed, FrozenProduct::GradientOnly);
        heads = {KeptValue::apply(kept->q, path.q), KeptValue::apply(kept->k, path.k),
                 KeptValue::apply(kept->v, path.v)};
    } else {
        heads = projectHeads(layer, normed);
        if (kept)
            *kept = heads;
    }
    const torch::Tensor q = rotate(heads.q, rope);
    torch::Tensor k = rotate(heads.k, rope);
    torch::Tensor v = heads.v.transpose(1, 2);
    if (cache) {
        if (cache->keys[index].defined()) {
            k = torch::cat({cache->keys[index], k}, 2);
            v = torch::cat({cache->values[index], v}, 2);
        }
        cache->keys[index] = k;
        cache->values[index] = v;
    }
    // Training with the fused kernels on a GPU in 16 bits reads the shared k/v
    // heads in place (no repeated copies, no gradient sum over them): cuDNN's and
    // flash attention take grouped heads, while fp32 would fall back to libtorch's
    // unfused attention. Inference keeps the repeated heads its bf16 parity with
    // transformers was established with.
    const bool sharedHeadsInPlace = training && q.is_cuda() && fusedKernelsEnabled() &&
                                    (q.scalar_type() == torch::kBFloat16 || q.scalar_type() == torch::kHalf);
    return compat::causalAttention(q, k, v, config.slidingWindow, sharedHeadsInPlace)
        .transpose(1, 2) // [batch, seq, heads, headDim]
        .reshape({normed.size(0), normed.size(1), -1});
}

torch::Tensor Decoder::hidden(const torch::Tensor& ids, const LayerRunner& runLayer) const
{
    torch::Tensor x = torch::embedding(embedding, ids); // [batch, seq, hidden]
    const RotaryTables rope = rotary(0, ids.size(1));
    for (size_t i = 0; i < layers.size(); ++i)
        x = runLayer ? runLayer(i, x, rope) : layer(layers[i], x, rope);
    return norm(x, finalNorm);
}

torch::Tensor Decoder::hiddenCached(const torch::Tensor& ids, KvCache& cache) const
{
    const int64_t offset = cache.length();
    cache.keys.resize(layers.size());
    cache.values.resize(layers.size());
    torch::Tensor x = torch::embedding(embedding, ids);
    const RotaryTables rope = rotary(offset, ids.size(1));
    for (size_t i = 0; i < layers.size(); ++i)
        x = layer(layers[i], x, rope, &cache, i);
    return norm(x, finalNorm);
}

StaticKvCache::StaticKvCache(const KvCache& filled, int64_t capacity)
{
    const int64_t length = filled.length();
    if (length == 0 || capacity < length)
        throw std::invalid_argument("a static cache starts from a filled cache no longer than its capacity");
    for (size_t i = 0; i < filled.keys.size(); ++i) {
        std::vector<int64_t> shape = filled.keys[i].sizes().vec();
        shape[2] = capacity;
        keys.push_back(torch::zeros(shape, filled.keys[i].options()));
        values.push_back(torch::zeros(shape, filled.values[i].options()));
        keys.back().slice(2, 0, length).copy_(filled.keys[i]);
        values.back().slice(2, 0, length).copy_(filled.values[i]);
    }
    const auto longs = torch::TensorOptions().dtype(torch::kLong).device(filled.keys[0].device());
    position = torch::full({1}, length, longs);
    keyPositions = torch::arange(capacity, longs);
}

torch::Tensor Decoder::decodeStep(const torch::Tensor& ids, StaticKvCache& cache) const
{
    const int64_t batch = ids.size(0);
    torch::Tensor x = torch::embedding(embedding, ids); // [batch, 1, hidden]
    const RotaryTables rope = rotaryAt(cache.position.to(torch::kFloat32)); // read on the device, as the graph needs
    torch::Tensor allowed; // libtorch's attention mask, made where the fused kernel does not apply
    const auto allowedKeys = [&] {
        if (!allowed.defined()) {
            allowed = cache.keyPositions <= cache.position; // [capacity]
            if (config.slidingWindow > 0)
                allowed = allowed.logical_and(cache.position - cache.keyPositions < config.slidingWindow);
            allowed = allowed.unsqueeze(0); // [1, capacity]: libtorch's attention wants two or more dimensions
        }
        return allowed;
    };
    const int64_t groups = config.heads / config.kvHeads;
    // Each layer's input arrives normed: the residual sum that ends a layer and
    // the norm that starts the next (or the final norm) are one step.
    torch::Tensor normed = norm(x, layers.empty() ? finalNorm : layers.front().inputNorm);
    for (size_t i = 0; i < layers.size(); ++i) {
        const DecoderLayer& layer = layers[i];
        const LayerAttentionInputs heads = projectHeads(layer, normed); // [batch, 1, heads, headDim]
        torch::Tensor q;
        if (fusedInference())
            q = fused::rotaryIntoCache(heads.q, heads.k, heads.v, rope, cache.keys[i], cache.values[i], cache.position);
        if (!q.defined()) {
            q = rotate(heads.q, rope);
            cache.keys[i].index_copy_(2, cache.position, rotate(heads.k, rope));
            cache.values[i].index_copy_(2, cache.position, heads.v.transpose(1, 2));
        }
        torch::Tensor attended; // [batch, heads, headDim] in some layout
        if (fusedInference())
            attended = fused::decodeAttention(q, cache.keys[i], cache.values[i], cache.position, config.slidingWindow);
        if (!attended.defined()) {
            // The heads sharing a key/value head become that head's rows of queries:
            // no repeated copy of the whole cache per step.
            const torch::Tensor grouped = q.reshape({batch, config.kvHeads, groups, config.headDim});
            attended = compat::maskedAttention(grouped, cache.keys[i], cache.values[i], allowedKeys());
        }
        const torch::Tensor projected = layer.o.forward(attended.reshape({batch, 1, -1}), loraEnabled, training);
        const auto [residual, mlpInput] = addNorm(x, projected, layer.postAttentionNorm);
        const torch::Tensor& nextNorm = i + 1 < layers.size() ? layers[i + 1].inputNorm : finalNorm;
        std::tie(x, normed) = addNorm(residual, feedForward(layer, mlpInput), nextNorm);
    }
    cache.position.add_(1);
    return normed;
}

torch::Tensor Decoder::logits(const torch::Tensor& hidden) const
{
    return lmHead ? lmHead->forward(hidden) : torch::linear(hidden, embedding);
}

} // namespace qs::model

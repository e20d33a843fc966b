#include "core/model/fused_projection_impl.h"

#ifdef QS_CUDA_KERNELS
#include "core/kernels/matrix_vector_kernels.h"
#include "core/model/kernel_launch_impl.h"
#endif

namespace qs::model::fused {

#ifdef QS_CUDA_KERNELS

namespace {

bool aligned(const torch::Tensor& t)
{
    return t.is_contiguous() && reinterpret_cast<uintptr_t>(t.data_ptr()) % 16 == 0;
}

kernels::WeightFormat formatOf(const FrozenLinear& layer)
{
    if (layer.nf4Weight())
        return kernels::WeightFormat::Nf4;
    if (layer.int8Weight())
        return kernels::WeightFormat::Int8;
    return kernels::WeightFormat::Half;
}

// The kernel's view of one layer's weight, or nullopt where it cannot read it.
std::optional<kernels::MatrixVectorWeight> kernelWeight(const FrozenLinear& layer, const torch::Tensor& x)
{
    kernels::MatrixVectorWeight weight;
    weight.rows = layer.outFeatures();
    const auto onDevice = [&](const torch::Tensor& t) { return t.device() == x.device() && aligned(t); };
    if (const Nf4Tensor* nf4 = layer.nf4Weight()) {
        if (!onDevice(nf4->codes) || nf4->constantScales.device() != x.device() ||
            !nf4->constantScales.is_contiguous() || !nf4->constantCodes.is_contiguous())
            return std::nullopt;
        weight.values = nf4->codes.data_ptr();
        weight.constantCodes = nf4->constantCodes.data_ptr<int8_t>();
        weight.constantScales = nf4->constantScales.data_ptr<float>();
        weight.constantMean = nf4->constantMean;
    } else if (const Int8Tensor* int8 = layer.int8Weight()) {
        if (!onDevice(int8->codes) || int8->scales.device() != x.device() || !int8->scales.is_contiguous() ||
            int8->scales.scalar_type() != torch::kFloat32)
            return std::nullopt;
        weight.values = int8->codes.data_ptr();
        weight.rowScales = int8->scales.data_ptr<float>();
    } else {
        const torch::Tensor& dense = layer.denseWeight();
        if (!onDevice(dense) || dense.scalar_type() != x.scalar_type())
            return std::nullopt;
        weight.values = dense.data_ptr();
    }
    return weight;
}

// The kernel's view of a LoRA update for `rows` outputs and xRows inputs; false where it cannot read it.
bool attachUpdate(const LowRankUpdate& update, const torch::Tensor& x, int64_t xRows, int64_t rows,
                  kernels::MatrixVectorWeight& weight)
{
    if (!update.down.defined())
        return true;
    const torch::Tensor& up = update.up;
    const int64_t rank = up.dim() == 2 ? up.size(1) : 0;
    for (const torch::Tensor* t : {&update.down, &up})
        if (t->scalar_type() != torch::kFloat32 || !t->is_contiguous() || t->device() != x.device())
            return false;
    if (rank < 1 || up.size(0) != rows || update.down.numel() != xRows * rank)
        return false;
    weight.loraUp = up.data_ptr<float>();
    weight.loraDown = update.down.data_ptr<float>();
    weight.loraRank = rank;
    weight.loraScale = float(update.scale);
    return true;
}

} // namespace

std::vector<torch::Tensor> projectEach(const torch::Tensor& x, const std::vector<const FrozenLinear*>& layers,
                                       const std::vector<LowRankUpdate>& updates)
{
    const auto type = x.scalar_type();
    if (layers.empty() || int(layers.size()) > kernels::kMatrixVectorMaxWeights || !kernelsTake({&x}) || !aligned(x) ||
        x.dim() < 1)
        return {};
    const int64_t columns = x.size(-1);
    const int64_t xRows = columns > 0 ? x.numel() / columns : 0;
    const kernels::WeightFormat format = formatOf(*layers.front());
    if (!kernels::matrixVectorApplies(format, xRows, columns) || (!updates.empty() && updates.size() != layers.size()))
        return {};

    std::vector<kernels::MatrixVectorWeight> weights;
    std::vector<torch::Tensor> outputs;
    std::vector<int64_t> shape = x.sizes().vec();
    for (size_t i = 0; i < layers.size(); ++i) {
        const FrozenLinear* layer = layers[i];
        if (formatOf(*layer) != format || layer->inFeatures() != columns || layer->computeDtype() != type)
            return {};
        std::optional<kernels::MatrixVectorWeight> weight = kernelWeight(*layer, x);
        if (!weight || (!updates.empty() && !attachUpdate(updates[i], x, xRows, layer->outFeatures(), *weight)))
            return {};
        shape.back() = layer->outFeatures();
        outputs.push_back(torch::empty(shape, x.options()));
        weight->out = outputs.back().data_ptr();
        weights.push_back(*weight);
    }
    const c10::cuda::CUDAGuard guard(x.device());
    kernels::matrixVector(x.data_ptr(), xRows, columns, format, weights.data(), int(weights.size()),
                          halfTypeOf(type), currentStream());
    for (size_t i = 0; i < layers.size(); ++i)
        if (const torch::Tensor& bias = layers[i]->bias(); bias.defined())
            outputs[i].add_(bias);
    return outputs;
}

#else

std::vector<torch::Tensor> projectEach(const torch::Tensor&, const std::vector<const FrozenLinear*>&,
                                       const std::vector<LowRankUpdate>&)
{
    return {};
}

#endif

} // namespace qs::model::fused

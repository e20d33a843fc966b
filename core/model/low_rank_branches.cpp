#include "core/model/low_rank_branches_impl.h"

#include "core/model/fused_switch.h"

#ifdef QS_CUDA_KERNELS
#include "core/kernels/lora_kernels.h"
#include "core/model/kernel_launch_impl.h"
#endif

#include <numeric>

namespace qs::model::fused {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

torch::Tensor rowsOf(const torch::Tensor& t)
{
    return t.reshape({-1, t.size(-1)});
}

#ifdef QS_CUDA_KERNELS
// One launch converts them all: fp32 sources to 16-bit targets, or 16-bit to fp32.
bool conversionKernelTakes(const std::vector<torch::Tensor>& sources, const std::vector<torch::Tensor>& targets)
{
    if (!fusedKernelsEnabled() || sources.empty() || sources.size() > size_t(kernels::kMaxConversions))
        return false;
    const torch::Tensor& source = sources.front();
    const torch::Tensor& target = targets.front();
    const bool toHalf = source.scalar_type() == torch::kFloat32 && isHalfType(target.scalar_type());
    const bool toFloat = isHalfType(source.scalar_type()) && target.scalar_type() == torch::kFloat32;
    if (!source.is_cuda() || !(toHalf || toFloat))
        return false;
    for (size_t i = 0; i < sources.size(); ++i)
        if (sources[i].scalar_type() != source.scalar_type() || targets[i].scalar_type() != target.scalar_type() ||
            sources[i].device() != source.device() || targets[i].device() != source.device() ||
            !sources[i].is_contiguous() || !targets[i].is_contiguous() || sources[i].numel() != targets[i].numel())
            return false;
    return true;
}
#endif

} // namespace

void convertEach(const std::vector<torch::Tensor>& sources, const std::vector<torch::Tensor>& targets,
                 const std::vector<double>& scales)
{
#ifdef QS_CUDA_KERNELS
    if (conversionKernelTakes(sources, targets)) {
        std::vector<kernels::Conversion> conversions;
        for (size_t i = 0; i < sources.size(); ++i)
            conversions.push_back({sources[i].data_ptr(), targets[i].data_ptr(), sources[i].numel(), float(scales[i])});
        const bool toHalf = sources.front().scalar_type() == torch::kFloat32;
        const torch::Tensor& half = toHalf ? targets.front() : sources.front();
        const c10::cuda::CUDAGuard guard(half.device());
        kernels::convertEach(conversions.data(), int(conversions.size()),
                             toHalf ? kernels::ConversionDirection::ToHalf : kernels::ConversionDirection::ToFloat,
                             halfTypeOf(half.scalar_type()), currentStream());
        return;
    }
#endif
    for (size_t i = 0; i < sources.size(); ++i) {
        targets[i].copy_(sources[i]);
        if (scales[i] != 1.0)
            targets[i].mul_(scales[i]);
    }
}

namespace {

// The LoRA matrices in x's 16-bit type, in one conversion: the A's stacked
// ([Σr, in]: one product for all branches) and each B ([out, r]).
struct HalfLora {
    torch::Tensor downs;
    std::vector<torch::Tensor> ups;
    std::vector<int64_t> ranks;
};

HalfLora toHalf(at::TensorList downs, at::TensorList ups, const torch::TensorOptions& options)
{
    HalfLora half;
    for (const torch::Tensor& down : downs)
        half.ranks.push_back(down.size(0));
    half.downs = torch::empty({std::accumulate(half.ranks.begin(), half.ranks.end(), int64_t(0)), downs[0].size(1)},
                              options);
    std::vector<torch::Tensor> sources = downs.vec();
    std::vector<torch::Tensor> targets = half.downs.split_with_sizes(half.ranks);
    for (const torch::Tensor& up : ups) {
        sources.push_back(up);
        half.ups.push_back(torch::empty(up.sizes(), options));
        targets.push_back(half.ups.back());
    }
    convertEach(sources, targets, std::vector<double>(sources.size(), 1.0));
    return half;
}

// The branches' side of backward, from each output's gradient ([rows, out];
// undefined where nobody used the output): the gradient of the rank-r
// intermediates [rows, Σr] (scaled), and each B's gradient in 16 bits, not yet scaled.
struct BranchGradients {
    torch::Tensor lowRank;
    std::vector<torch::Tensor> halfUps;
};

BranchGradients branchGradients(const std::vector<torch::Tensor>& gradRows, const torch::Tensor& lowRank,
                                const std::vector<torch::Tensor>& ups, const std::vector<double>& scales,
                                const std::vector<int64_t>& ranks)
{
    BranchGradients result;
    std::vector<torch::Tensor> gradLowRanks;
    int64_t offset = 0;
    for (size_t i = 0; i < ups.size(); ++i) {
        // An output nobody used has no gradient: zeros, in the shapes autograd expects.
        const torch::Tensor gradOut = gradRows[i].defined()
                                          ? gradRows[i]
                                          : torch::zeros({lowRank.size(0), ups[i].size(0)}, lowRank.options());
        gradLowRanks.push_back(torch::mm(gradOut, ups[i]).mul_(scales[i]));             // [rows, r]
        result.halfUps.push_back(torch::mm(gradOut.t(), lowRank.narrow(1, offset, ranks[i]))); // [out, r]
        offset += ranks[i];
    }
    result.lowRank = torch::cat(gradLowRanks, 1);
    return result;
}

// The A's and B's gradients widened to the fp32 master weights' dtype (the
// B's times their scale) in one conversion: the A's, then the B's.
variable_list masterGradients(const BranchGradients& branches, const torch::Tensor& xRows,
                              const std::vector<double>& scales, const std::vector<int64_t>& ranks)
{
    std::vector<torch::Tensor> halves = branches.halfUps;
    halves.push_back(torch::mm(branches.lowRank.t(), xRows)); // the stacked A's: [Σr, in]
    std::vector<torch::Tensor> wide;
    for (const torch::Tensor& half : halves)
        wide.push_back(torch::empty(half.sizes(), half.options().dtype(torch::kFloat32)));
    std::vector<double> factors = scales;
    factors.push_back(1.0);
    convertEach(halves, wide, factors);
    variable_list grads = wide.back().split_with_sizes(ranks);
    grads.insert(grads.end(), wide.begin(), wide.end() - 1);
    return grads;
}

std::vector<torch::Tensor> rowsOfEach(const variable_list& tensors)
{
    std::vector<torch::Tensor> rows;
    for (const torch::Tensor& t : tensors)
        rows.push_back(t.defined() ? rowsOf(t) : torch::Tensor());
    return rows;
}

std::vector<int64_t> shapeWithLast(const torch::Tensor& x, int64_t last)
{
    std::vector<int64_t> shape = x.sizes().vec();
    shape.back() = last;
    return shape;
}

// ys[i] + scales[i] · B_i (A_i x) for branches that share x, the frozen
// products ys computed by the caller. Inputs, in autograd's order: x, the ys,
// the A's, the B's. (With LoRA dropout, which gives each branch its own x.)
struct LowRankBranches : torch::autograd::Function<LowRankBranches> {
    static variable_list forward(AutogradContext* ctx, const torch::Tensor& x, at::TensorList ys, at::TensorList downs,
                                 at::TensorList ups, std::vector<double> scales)
    {
        const HalfLora half = toHalf(downs, ups, x.options());
        const torch::Tensor lowRank = torch::mm(rowsOf(x), half.downs.t()); // [rows, Σr]
        variable_list outputs;
        variable_list saved = {x, half.downs, lowRank};
        int64_t offset = 0;
        for (size_t i = 0; i < ys.size(); ++i) {
            outputs.push_back(
                torch::addmm(rowsOf(ys[i]), lowRank.narrow(1, offset, half.ranks[i]), half.ups[i].t(), 1, scales[i])
                    .view(ys[i].sizes()));
            offset += half.ranks[i];
        }
        saved.insert(saved.end(), half.ups.begin(), half.ups.end());
        ctx->save_for_backward(saved);
        ctx->saved_data["scales"] = scales;
        ctx->saved_data["ranks"] = half.ranks;
        return outputs;
    }

    static variable_list backward(AutogradContext* ctx, variable_list gradOutputs)
    {
        const variable_list saved = ctx->get_saved_variables();
        const torch::Tensor& x = saved[0];
        const torch::Tensor& allDowns = saved[1];
        const std::vector<double> scales = ctx->saved_data["scales"].toDoubleVector();
        const std::vector<int64_t> ranks = ctx->saved_data["ranks"].toIntVector();
        const std::vector<torch::Tensor> ups(saved.begin() + 3, saved.end());
        const BranchGradients branches = branchGradients(rowsOfEach(gradOutputs), saved[2], ups, scales, ranks);
        // The first layer's input comes from the frozen embedding and needs none.
        const torch::Tensor gradX = ctx->needs_input_grad(0)
                                        ? torch::mm(branches.lowRank, allDowns).view(x.sizes())
                                        : torch::Tensor(); // [rows, in]
        variable_list grads = {gradX};
        grads.insert(grads.end(), gradOutputs.begin(), gradOutputs.end()); // the ys'
        const variable_list weights = masterGradients(branches, rowsOf(x), scales, ranks);
        grads.insert(grads.end(), weights.begin(), weights.end());
        grads.push_back(torch::Tensor()); // the scales
        return grads;
    }
};

std::vector<torch::Tensor> addBranches(const torch::Tensor& x, const std::vector<torch::Tensor>& ys,
                                       const std::vector<const LoraWeights*>& loras)
{
    std::vector<torch::Tensor> downs, ups;
    std::vector<double> scales;
    for (const LoraWeights* lora : loras) {
        downs.push_back(lora->a);
        ups.push_back(lora->b);
        scales.push_back(lora->scale);
    }
    return LowRankBranches::apply(x, at::TensorList(ys), at::TensorList(downs), at::TensorList(ups), scales);
}

// The frozen products of x and their LoRA branches in one function:
// y_i = x W_iᵀ (+ bias) + scale_i · B_i A_i x. Backward sums dL/dx of every
// product in one buffer (addmm accumulating into it), where autograd would add
// the frozen products' and the branches' gradients in separate kernels. With
// `valuesWanted` false the outputs are zeros and only the backward is real
// (FrozenProduct::GradientOnly). Inputs, in autograd's order: x, the A's, the
// B's; `loraOf[i]` is projection i's branch or -1.
struct ProjectedBranches : torch::autograd::Function<ProjectedBranches> {
    static variable_list forward(AutogradContext* ctx, const torch::Tensor& x, at::TensorList downs,
                                 at::TensorList ups, std::vector<int64_t> bases, std::vector<int64_t> loraOf,
                                 std::vector<double> scales, bool valuesWanted)
    {
        const torch::Tensor xRows = rowsOf(x);
        variable_list saved = {x};
        torch::Tensor lowRank;
        HalfLora half;
        if (!downs.empty()) {
            half = toHalf(downs, ups, x.options());
            lowRank = torch::mm(xRows, half.downs.t()); // [rows, Σr]
            saved.insert(saved.end(), {half.downs, lowRank});
            saved.insert(saved.end(), half.ups.begin(), half.ups.end());
        }
        std::vector<int64_t> offsets(half.ranks.size() + 1, 0);
        std::partial_sum(half.ranks.begin(), half.ranks.end(), offsets.begin() + 1);
        variable_list outputs;
        for (size_t i = 0; i < bases.size(); ++i) {
            const auto* base = reinterpret_cast<const FrozenLinear*>(bases[i]);
            if (!valuesWanted) {
                outputs.push_back(torch::zeros(shapeWithLast(x, base->outFeatures()), x.options()));
                continue;
            }
            const torch::Tensor weight = base->weight(x.scalar_type()); // a quantized one dequantized for this product
            torch::Tensor y = base->bias().defined() ? torch::addmm(base->bias().to(x.scalar_type()), xRows, weight.t())
                                                     : torch::mm(xRows, weight.t());
            if (const int64_t b = loraOf[i]; b >= 0)
                y.addmm_(lowRank.narrow(1, offsets[size_t(b)], half.ranks[size_t(b)]), half.ups[size_t(b)].t(), 1,
                         scales[size_t(b)]);
            outputs.push_back(y.view(shapeWithLast(x, base->outFeatures())));
        }
        ctx->save_for_backward(saved);
        ctx->saved_data["bases"] = bases;
        ctx->saved_data["loraOf"] = loraOf;
        ctx->saved_data["scales"] = scales;
        ctx->saved_data["ranks"] = half.ranks;
        return outputs;
    }

    static variable_list backward(AutogradContext* ctx, variable_list gradOutputs)
    {
        const variable_list saved = ctx->get_saved_variables();
        const torch::Tensor& x = saved[0];
        const std::vector<int64_t> bases = ctx->saved_data["bases"].toIntVector();
        const std::vector<int64_t> loraOf = ctx->saved_data["loraOf"].toIntVector();
        const std::vector<double> scales = ctx->saved_data["scales"].toDoubleVector();
        const std::vector<int64_t> ranks = ctx->saved_data["ranks"].toIntVector();
        const std::vector<torch::Tensor> gradRows = rowsOfEach(gradOutputs);

        // dL/dx: Σ gradY_i W_i, then the branches' Σ gradLowRank A — one buffer.
        // The first layer's input comes from the frozen embedding and needs none.
        torch::Tensor gradX;
        const auto accumulate = [&](const torch::Tensor& gradient, const torch::Tensor& weight) {
            if (gradX.defined())
                gradX.addmm_(gradient, weight);
            else
                gradX = torch::mm(gradient, weight);
        };
        if (ctx->needs_input_grad(0))
            for (size_t i = 0; i < bases.size(); ++i)
                if (gradRows[i].defined())
                    accumulate(gradRows[i], reinterpret_cast<const FrozenLinear*>(bases[i])->weight(x.scalar_type()));
        variable_list grads(1);
        if (!ranks.empty()) {
            std::vector<torch::Tensor> branchRows(ranks.size());
            for (size_t i = 0; i < bases.size(); ++i)
                if (loraOf[i] >= 0)
                    branchRows[size_t(loraOf[i])] = gradRows[i];
            const std::vector<torch::Tensor> ups(saved.begin() + 3, saved.end());
            const BranchGradients branches = branchGradients(branchRows, saved[2], ups, scales, ranks);
            if (ctx->needs_input_grad(0))
                accumulate(branches.lowRank, saved[1]);
            const variable_list weights = masterGradients(branches, rowsOf(x), scales, ranks);
            grads.insert(grads.end(), weights.begin(), weights.end());
        }
        if (gradX.defined())
            grads[0] = gradX.view(x.sizes());
        grads.resize(grads.size() + 4); // bases, loraOf, scales, valuesWanted
        return grads;
    }
};

} // namespace

bool takesLowRankBranches(const torch::Tensor& x)
{
    return fusedKernelsEnabled() && x.is_cuda() &&
           (x.scalar_type() == torch::kBFloat16 || x.scalar_type() == torch::kHalf);
}

std::vector<torch::Tensor> addLowRankBranches(const torch::Tensor& x, std::vector<torch::Tensor> outputs,
                                              const std::vector<const LoraWeights*>& loras, bool training)
{
    std::vector<size_t> shared; // branches that take x itself, in one product
    for (size_t i = 0; i < loras.size(); ++i) {
        const LoraWeights* lora = loras[i];
        if (!lora)
            continue;
        if (training && lora->dropout > 0)
            outputs[i] = addBranches(torch::dropout(x, lora->dropout, /*train=*/true), {outputs[i]}, {lora}).front();
        else
            shared.push_back(i);
    }
    if (shared.empty())
        return outputs;
    std::vector<torch::Tensor> ys;
    std::vector<const LoraWeights*> sharedLoras;
    for (size_t i : shared) {
        ys.push_back(outputs[i]);
        sharedLoras.push_back(loras[i]);
    }
    const std::vector<torch::Tensor> sums = addBranches(x, ys, sharedLoras);
    for (size_t k = 0; k < shared.size(); ++k)
        outputs[shared[k]] = sums[k];
    return outputs;
}

std::vector<torch::Tensor> projectWithBranches(const torch::Tensor& x, const std::vector<const FrozenLinear*>& bases,
                                               const std::vector<const LoraWeights*>& loras, bool valuesWanted)
{
    std::vector<torch::Tensor> downs, ups;
    std::vector<int64_t> basePointers, loraOf;
    std::vector<double> scales;
    for (size_t i = 0; i < bases.size(); ++i) {
        basePointers.push_back(reinterpret_cast<int64_t>(bases[i]));
        loraOf.push_back(loras[i] ? int64_t(downs.size()) : -1);
        if (loras[i]) {
            downs.push_back(loras[i]->a);
            ups.push_back(loras[i]->b);
            scales.push_back(loras[i]->scale);
        }
    }
    return ProjectedBranches::apply(x, at::TensorList(downs), at::TensorList(ups), basePointers, loraOf, scales,
                                    valuesWanted);
}

} // namespace qs::model::fused

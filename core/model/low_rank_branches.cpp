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

// ys[i] + scales[i] · B_i (A_i x) for branches that share x. Inputs, in
// autograd's order: x, the ys, the A's, the B's.
struct LowRankBranches : torch::autograd::Function<LowRankBranches> {
    static variable_list forward(AutogradContext* ctx, const torch::Tensor& x, at::TensorList ys, at::TensorList downs,
                                 at::TensorList ups, std::vector<double> scales)
    {
        const auto options = x.options();
        // The A's stacked ([Σr, in]) and each B ([out, r]) in x's dtype, in one conversion.
        std::vector<int64_t> ranks;
        for (const torch::Tensor& down : downs)
            ranks.push_back(down.size(0));
        const torch::Tensor allDowns = torch::empty({std::accumulate(ranks.begin(), ranks.end(), int64_t(0)),
                                                     downs[0].size(1)}, options);
        std::vector<torch::Tensor> sources = downs.vec();
        std::vector<torch::Tensor> targets = allDowns.split_with_sizes(ranks);
        for (const torch::Tensor& up : ups) {
            sources.push_back(up);
            targets.push_back(torch::empty(up.sizes(), options));
        }
        convertEach(sources, targets, std::vector<double>(sources.size(), 1.0));

        const torch::Tensor lowRank = torch::mm(rowsOf(x), allDowns.t()); // [rows, Σr]
        variable_list outputs;
        variable_list saved = {x, allDowns, lowRank};
        int64_t offset = 0;
        for (size_t i = 0; i < ys.size(); ++i) {
            const torch::Tensor& up = targets[downs.size() + i];
            outputs.push_back(torch::addmm(rowsOf(ys[i]), lowRank.narrow(1, offset, ranks[i]), up.t(), 1, scales[i])
                                  .view(ys[i].sizes()));
            saved.push_back(up);
            offset += ranks[i];
        }
        ctx->save_for_backward(saved);
        ctx->saved_data["scales"] = scales;
        ctx->saved_data["ranks"] = ranks;
        return outputs;
    }

    static variable_list backward(AutogradContext* ctx, variable_list gradOutputs)
    {
        const variable_list saved = ctx->get_saved_variables();
        const torch::Tensor& x = saved[0];
        const torch::Tensor& allDowns = saved[1];
        const torch::Tensor& lowRank = saved[2];
        const std::vector<double> scales = ctx->saved_data["scales"].toDoubleVector();
        const std::vector<int64_t> ranks = ctx->saved_data["ranks"].toIntVector();
        const size_t count = scales.size();
        variable_list gradYs, gradLowRanks;
        std::vector<torch::Tensor> halfGradients; // each B's, then the stacked A's
        int64_t offset = 0;
        for (size_t i = 0; i < count; ++i) {
            const torch::Tensor& up = saved[3 + i];
            // An output nobody used has no gradient: zeros, in the shape autograd expects.
            const torch::Tensor gradOut = gradOutputs[i].defined()
                                              ? rowsOf(gradOutputs[i])
                                              : torch::zeros({lowRank.size(0), up.size(0)}, lowRank.options());
            gradYs.push_back(gradOutputs[i]);
            const torch::Tensor branchLowRank = lowRank.narrow(1, offset, ranks[i]);
            gradLowRanks.push_back(torch::mm(gradOut, up).mul_(scales[i])); // [rows, r]
            halfGradients.push_back(torch::mm(gradOut.t(), branchLowRank)); // [out, r], times the scale below
            offset += ranks[i];
        }
        const torch::Tensor gradLowRank = torch::cat(gradLowRanks, 1); // [rows, Σr]
        // The first layer's input comes from the frozen embedding and needs none.
        const torch::Tensor gradX = ctx->needs_input_grad(0) ? torch::mm(gradLowRank, allDowns).view(x.sizes())
                                                             : torch::Tensor(); // [rows, in]
        halfGradients.push_back(torch::mm(gradLowRank.t(), rowsOf(x))); // [Σr, in]

        // Widened to the fp32 master weights' dtype in one conversion.
        std::vector<torch::Tensor> gradients;
        for (const torch::Tensor& half : halfGradients)
            gradients.push_back(torch::empty(half.sizes(), half.options().dtype(torch::kFloat32)));
        std::vector<double> factors = scales;
        factors.push_back(1.0);
        convertEach(halfGradients, gradients, factors);
        const std::vector<torch::Tensor> gradDowns = gradients.back().split_with_sizes(ranks);

        variable_list grads = {gradX};
        grads.insert(grads.end(), gradYs.begin(), gradYs.end());
        grads.insert(grads.end(), gradDowns.begin(), gradDowns.end());
        grads.insert(grads.end(), gradients.begin(), gradients.end() - 1); // the B's
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

} // namespace qs::model::fused

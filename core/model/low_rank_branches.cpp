#include "core/model/low_rank_branches_impl.h"

#include "core/model/fused_switch.h"

namespace qs::model::fused {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

torch::Tensor rowsOf(const torch::Tensor& t)
{
    return t.reshape({-1, t.size(-1)});
}

// ys[i] + scales[i] · B_i (A_i x) for branches that share x. Inputs, in
// autograd's order: x, the ys, the A's, the B's.
struct LowRankBranches : torch::autograd::Function<LowRankBranches> {
    static variable_list forward(AutogradContext* ctx, const torch::Tensor& x, at::TensorList ys, at::TensorList downs,
                                 at::TensorList ups, std::vector<double> scales)
    {
        const auto type = x.scalar_type();
        const torch::Tensor xRows = rowsOf(x);
        const torch::Tensor allDowns = torch::cat(downs.vec()).to(type); // [Σr, in]
        const torch::Tensor lowRank = torch::mm(xRows, allDowns.t());    // [rows, Σr]
        variable_list outputs;
        variable_list saved = {x, allDowns, lowRank};
        std::vector<int64_t> ranks;
        int64_t offset = 0;
        for (size_t i = 0; i < ys.size(); ++i) {
            const torch::Tensor up = ups[i].to(type); // [out, r]
            const int64_t rank = up.size(1);
            outputs.push_back(torch::addmm(rowsOf(ys[i]), lowRank.narrow(1, offset, rank), up.t(), 1, scales[i])
                                  .view(ys[i].sizes()));
            saved.push_back(up);
            ranks.push_back(rank);
            offset += rank;
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
        variable_list gradYs, gradDowns, gradUps, gradLowRanks;
        int64_t offset = 0;
        for (size_t i = 0; i < count; ++i) {
            const torch::Tensor& up = saved[3 + i];
            // An output nobody used has no gradient: zeros, in the shape autograd expects.
            const torch::Tensor gradOut = gradOutputs[i].defined()
                                              ? rowsOf(gradOutputs[i])
                                              : torch::zeros({lowRank.size(0), up.size(0)}, lowRank.options());
            gradYs.push_back(gradOutputs[i]);
            const torch::Tensor branchLowRank = lowRank.narrow(1, offset, ranks[i]);
            gradLowRanks.push_back(torch::mm(gradOut, up).mul_(scales[i]));                                   // [rows, r]
            gradUps.push_back(torch::mm(gradOut.t(), branchLowRank).to(torch::kFloat32).mul_(scales[i])); // [out, r]
            offset += ranks[i];
        }
        const torch::Tensor gradLowRank = torch::cat(gradLowRanks, 1); // [rows, Σr]
        // The first layer's input comes from the frozen embedding and needs none.
        const torch::Tensor gradX = ctx->needs_input_grad(0) ? torch::mm(gradLowRank, allDowns).view(x.sizes())
                                                             : torch::Tensor(); // [rows, in]
        const std::vector<torch::Tensor> gradAllDowns =
            torch::mm(gradLowRank.t(), rowsOf(x)).to(torch::kFloat32).split_with_sizes(ranks); // [Σr, in]
        gradDowns.assign(gradAllDowns.begin(), gradAllDowns.end());

        variable_list grads = {gradX};
        for (const variable_list* part : {&gradYs, &gradDowns, &gradUps})
            grads.insert(grads.end(), part->begin(), part->end());
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

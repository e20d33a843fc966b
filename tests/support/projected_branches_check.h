// The frozen products and LoRA branches of a projection group in one function
// (core/model/low_rank_branches_impl.h) in 16 bits, checked against fp32
// arithmetic from the same 16-bit operands: dense with a bias, NF4 without a
// branch, int8; without and with LoRA dropout (the same masks, drawn after the
// same seed); with an output unused. Each path rounds at most three times (the rank-r intermediate or
// its gradient, the product, the cast), and dL/dx accumulates four products in
// one 16-bit buffer, rounding after each, as autograd's separate additions
// did: two units in the last place, norm-wise. On the GPU as training takes
// it (test_cuda_kernels), and in bf16 on the CPU with every CI run (test_lora).
// Where libtorch's own 16-bit product sums in 16 bits (libtorch 1.13 on a CPU
// without AVX-512: 2.3 % for a sum of 384 terms on an AMD EPYC CI machine,
// 2026-11-30, where the fp32 sum rounded once is 0.2 %), the bound is twice
// the error of such a product over the longest sum here (640 terms): wrong
// algebra is still off by the order of the values themselves.
#pragma once

#include "core/model/int8_impl.h"
#include "core/model/low_rank_branches_impl.h"
#include "core/model/nf4_impl.h"

#include <QString>
#include <torch/torch.h>

#include <algorithm>
#include <vector>

namespace qs::test {

// Relative error (norm-wise) of libtorch's own product in `type` on `device`
// against fp32 arithmetic on the same operands, for sums of `terms` terms.
inline double productError(const torch::Device& device, torch::ScalarType type, int64_t terms)
{
    torch::manual_seed(13);
    const auto options = torch::TensorOptions().device(device);
    const torch::Tensor a = torch::randn({66, terms}, options).to(type);
    const torch::Tensor b = torch::randn({terms, 256}, options).to(type);
    const torch::Tensor exact = a.to(torch::kFloat32).mm(b.to(torch::kFloat32));
    return ((a.mm(b).to(torch::kFloat32) - exact).norm() / exact.norm()).item<double>();
}

// Outputs and the gradients of `leaves` within `bound` (norm-wise, relative)
// of the fp32 reference, and each gradient in its leaf's dtype; the first
// that is not, said, or empty.
inline QString outputsAndGradientsProblem(double bound, const std::vector<torch::Tensor>& outputs,
                                          const std::vector<torch::Tensor>& reference,
                                          const std::vector<torch::Tensor>& leaves,
                                          const std::vector<torch::Tensor>& gradients)
{
    const auto problemOf = [&](const torch::Tensor& actual, const torch::Tensor& expected, const QString& what) {
        const double relative = ((actual.to(torch::kFloat32) - expected.to(torch::kFloat32)).norm() /
                                 expected.to(torch::kFloat32).norm()).item<double>();
        return relative <= bound ? QString() : QString("%1: relative error %2").arg(what).arg(relative);
    };
    for (size_t i = 0; i < outputs.size(); ++i)
        if (const QString problem = problemOf(outputs[i], reference[i], QString("output %1").arg(i)); !problem.isEmpty())
            return problem;
    const auto actualGrads = torch::autograd::grad(outputs, leaves, gradients);
    const auto referenceGrads = torch::autograd::grad(reference, leaves, gradients);
    for (size_t k = 0; k < leaves.size(); ++k) {
        if (actualGrads[k].scalar_type() != leaves[k].scalar_type())
            return QString("gradient %1 is not in its leaf's dtype").arg(k);
        if (const QString problem = problemOf(actualGrads[k], referenceGrads[k], QString("gradient %1").arg(k));
            !problem.isEmpty())
            return problem;
    }
    return {};
}

// The check on `device` in `type`; the first problem, or empty.
inline QString projectedBranchesProblem(const torch::Device& device, torch::ScalarType type)
{
    using qs::model::FrozenLinear;
    const double unit = type == torch::kBFloat16 ? 1.0 / 128 : 1.0 / 1024;
    const double bound = std::max(2 * unit, 2 * productError(device, type, 640));
    const auto options = torch::TensorOptions().device(device);
    torch::manual_seed(11);
    const FrozenLinear dense = FrozenLinear::dense((torch::randn({384, 256}, options) * 0.05).to(type),
                                                   torch::randn({384}, options).to(type));
    const FrozenLinear nf4 = FrozenLinear::nf4(qs::model::quantizeNf4(torch::randn({128, 256}, options) * 0.05), {}, type);
    const FrozenLinear int8 =
        FrozenLinear::int8(qs::model::quantizeInt8(torch::randn({128, 256}, options) * 0.05), {}, type);
    const std::vector<const FrozenLinear*> bases = {&dense, &nf4, &int8};
    std::vector<qs::model::LoraWeights> loras(2);
    for (size_t i = 0; i < 2; ++i) {
        loras[i].a = (torch::randn({16, 256}, options) * 0.1).requires_grad_();
        loras[i].b = (torch::randn({bases[2 * i]->outFeatures(), 16}, options) * 0.1).requires_grad_();
        loras[i].scale = 2.0 - double(i);
    }
    const std::vector<const qs::model::LoraWeights*> branches = {&loras[0], nullptr, &loras[1]};
    const torch::Tensor x = torch::randn({2, 33, 256}, options.dtype(type)).requires_grad_();
    const std::vector<torch::Tensor> leaves = {x, loras[0].a, loras[1].a, loras[0].b, loras[1].b};
    const auto wide = [&](const torch::Tensor& t) { return t.to(type).to(torch::kFloat32); };
    for (const double dropout : {0.0, 0.3}) {
        loras[0].dropout = loras[1].dropout = dropout;
        torch::manual_seed(12);
        const std::vector<torch::Tensor> fused = qs::model::fused::projectWithBranches(x, bases, branches, true);
        if (!QString::fromStdString(fused[0].grad_fn()->name()).contains("ProjectedBranches"))
            return "the outputs do not come from ProjectedBranches";
        // fp32 arithmetic from the 16-bit operands; its masks drawn in the projections' order.
        const auto referenceOutput = [&](size_t i) {
            const torch::Tensor bias = bases[i]->bias().defined() ? wide(bases[i]->bias()) : torch::Tensor();
            torch::Tensor y = torch::linear(wide(x), wide(bases[i]->weight(type)), bias);
            if (const qs::model::LoraWeights* lora = branches[i]) {
                const torch::Tensor input = dropout > 0 ? torch::dropout(x, dropout, true) : x;
                y = y + torch::linear(torch::linear(wide(input), wide(lora->a)), wide(lora->b)) * lora->scale;
            }
            return y;
        };
        torch::manual_seed(12);
        std::vector<torch::Tensor> reference, gradients;
        for (size_t i = 0; i < 3; ++i) {
            reference.push_back(referenceOutput(i));
            if (fused[i].scalar_type() != type)
                return QString("output %1 is not in the input's dtype").arg(i);
        }
        for (const torch::Tensor& y : fused) // after the reference's masks: drawing moves the generator
            gradients.push_back(torch::randn_like(y));
        if (const QString problem = outputsAndGradientsProblem(bound, fused, reference, leaves, gradients);
            !problem.isEmpty())
            return QString("dropout %1: %2").arg(dropout).arg(problem);
        // Only the first output used (the graphs above are spent: again, after the same seed):
        // the last branch's output has no gradient.
        torch::manual_seed(12);
        const torch::Tensor first = qs::model::fused::projectWithBranches(x, bases, branches, true).front();
        torch::manual_seed(12);
        if (const QString problem = outputsAndGradientsProblem(bound, {first}, {referenceOutput(0)},
                                                               {x, loras[0].a, loras[0].b}, {gradients[0]});
            !problem.isEmpty())
            return QString("dropout %1, one output used: %2").arg(dropout).arg(problem);
    }
    return {};
}

} // namespace qs::test

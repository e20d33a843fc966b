// A projection with its optional LoRA branch, computed as PEFT computes it:
// y = base(x) + scale · B(A(dropout(x))), the branch in the LoRA weights' dtype
// (fp32) and the sum cast back to the base's dtype — except in training on a
// GPU with the fused path on, where the branch's products run in 16 bits
// (low_rank_branches_impl.h). Torch types: only core includes this header.
#pragma once

#include "core/model/frozen_linear_impl.h"
#include "core/model/lora_settings.h"

#include <optional>
#include <vector>

namespace qs::model {

struct LoraWeights {
    torch::Tensor a; // [r, in], fp32, trainable
    torch::Tensor b; // [out, r], fp32, trainable
    double scale = 1.0;
    double dropout = 0.0;
};

// PEFT's initialisation: A Kaiming-uniform (a = √5, so U(±1/√in)), B zero.
// Drawn on the CPU (the same numbers on every device), then moved to `device`.
LoraWeights initLora(const FrozenLinear& base, const LoraSettings& settings, torch::Generator& generator,
                     const torch::Device& device);

// Whether a projection computes its frozen product, or keeps only its backward
// (the last projection of a recomputed layer): its value is then not to be
// read — zeros, or the LoRA branch alone — while its gradients are complete.
enum class FrozenProduct { Computed, GradientOnly };

struct Projection {
    FrozenLinear base;
    std::optional<LoraWeights> lora;

    // x: [..., in] → [..., out]
    torch::Tensor forward(const torch::Tensor& x, bool loraEnabled, bool training,
                          FrozenProduct product = FrozenProduct::Computed) const;
    // forward() of each projection on the same x, the frozen products in one
    // fused launch where FrozenLinear::forwardEach can (q/k/v, gate/up); while
    // decoding without autograd, the adapters' B and the sum go into that launch too.
    static std::vector<torch::Tensor> forwardEach(const torch::Tensor& x, const std::vector<const Projection*>& projections,
                                                  bool loraEnabled, bool training,
                                                  FrozenProduct product = FrozenProduct::Computed);
    // W + scale · B A into a dense base; the LoRA branch is removed.
    void mergeLora();
};

} // namespace qs::model

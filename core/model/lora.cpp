#include "core/model/lora_impl.h"

#include "core/model/fused_projection_impl.h"
#include "core/model/lora_sum_impl.h"
#include "core/model/low_rank_branches_impl.h"
#include "core/model/seeded_dropout_impl.h"

#include "core/base/error.h"

#include <algorithm>
#include <cmath>

namespace qs::model {

const std::vector<std::string>& allProjections()
{
    static const std::vector<std::string> names = {"q_proj",    "k_proj",  "v_proj",   "o_proj",
                                                   "gate_proj", "up_proj", "down_proj"};
    return names;
}

double LoraSettings::scale() const
{
    return rsLora ? alpha / std::sqrt(double(rank)) : alpha / double(rank);
}

LoraWeights initLora(const FrozenLinear& base, const LoraSettings& settings, torch::Generator& generator,
                     const torch::Device& device)
{
    if (settings.rank <= 0)
        throw Error("LoRA rank must be positive", "", "the usual range is 8 to 64");
    const auto options = torch::TensorOptions().dtype(torch::kFloat32);
    const double bound = 1.0 / std::sqrt(double(base.inFeatures()));
    LoraWeights lora;
    lora.a = torch::empty({settings.rank, base.inFeatures()}, options).uniform_(-bound, bound, generator);
    lora.a = lora.a.to(device).requires_grad_();
    lora.b = torch::zeros({base.outFeatures(), settings.rank}, options.device(device)).requires_grad_();
    lora.scale = settings.scale();
    lora.dropout = settings.dropout;
    return lora;
}

torch::Tensor Projection::forward(const torch::Tensor& x, bool loraEnabled, bool training, FrozenProduct product) const
{
    return forwardEach(x, {this}, loraEnabled, training, product).front();
}

std::vector<torch::Tensor> Projection::forwardEach(const torch::Tensor& x, const std::vector<const Projection*>& projections,
                                                   bool loraEnabled, bool training, FrozenProduct product)
{
    std::vector<const FrozenLinear*> bases;
    std::vector<const LoraWeights*> loras;
    for (const Projection* projection : projections) {
        bases.push_back(&projection->base);
        loras.push_back(projection->lora && loraEnabled ? &*projection->lora : nullptr);
    }
    const auto frozenOutputs = [&] {
        if (product == FrozenProduct::Computed)
            return FrozenLinear::forwardEach(x, bases);
        std::vector<torch::Tensor> outputs;
        for (const FrozenLinear* base : bases)
            outputs.push_back(base->gradientOnly(x));
        return outputs;
    };
    if (std::all_of(loras.begin(), loras.end(), [](const LoraWeights* lora) { return !lora; }))
        return frozenOutputs();
    if (training && fused::takesLowRankBranches(x))
        return fused::projectWithBranches(x, bases, loras, product == FrozenProduct::Computed);

    std::vector<fused::LowRankUpdate> updates(projections.size());
    torch::Tensor h; // x in the LoRA weights' dtype, converted once for all branches
    for (size_t i = 0; i < loras.size(); ++i) {
        const LoraWeights* lora = loras[i];
        if (!lora)
            continue;
        if (!h.defined())
            h = x.to(lora->a.scalar_type());
        const torch::Tensor input = training ? loraDropout(h, lora->dropout) : h;
        updates[i] = {torch::linear(input, lora->a), lora->b, lora->scale}; // down = A x: [..., r]
    }
    // Without autograd (decoding), B and the sum go into the fused kernel's rounding of each output.
    if (!torch::GradMode::is_enabled() && product == FrozenProduct::Computed)
        if (std::vector<torch::Tensor> fusedOutputs = fused::projectEach(x, bases, updates); !fusedOutputs.empty())
            return fusedOutputs;
    std::vector<torch::Tensor> outputs = frozenOutputs();
    for (size_t i = 0; i < projections.size(); ++i) {
        const fused::LowRankUpdate& update = updates[i];
        if (!update.down.defined())
            continue;
        outputs[i] = loraSum(outputs[i], torch::linear(update.down, update.up), update.scale); // B A x: [..., out]
    }
    return outputs;
}

void Projection::mergeLora()
{
    if (!lora)
        return;
    if (base.quantized())
        throw Error("An adapter cannot be merged into 4-bit or 8-bit weights", "",
                    "load the model in bf16, fp16 or fp32 to merge");
    torch::NoGradGuard noGrad;
    const torch::ScalarType dtype = base.computeDtype();
    const torch::Tensor merged = base.weight(torch::kFloat32) + torch::matmul(lora->b, lora->a) * lora->scale;
    base.setDenseWeight(merged.to(dtype));
    lora.reset();
}

} // namespace qs::model

#include "core/model/lora_impl.h"

#include "core/base/error.h"

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

torch::Tensor Projection::forward(const torch::Tensor& x, bool loraEnabled, bool training) const
{
    torch::Tensor y = base.forward(x);
    if (!lora || !loraEnabled)
        return y;
    torch::Tensor h = x.to(lora->a.scalar_type());
    if (training && lora->dropout > 0)
        h = torch::dropout(h, lora->dropout, /*train=*/true);
    const torch::Tensor delta = torch::linear(torch::linear(h, lora->a), lora->b) * lora->scale; // [..., out]
    return (y + delta).to(y.scalar_type());
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

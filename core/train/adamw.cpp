#include "core/train/adamw_impl.h"

#include "core/base/error.h"

#include <cmath>

namespace qs::train {

AdamW::AdamW(std::vector<std::pair<std::string, torch::Tensor>> parameters, AdamWSettings settings)
    : m_settings(settings)
{
    for (auto& [name, parameter] : parameters)
        m_slots.push_back({name, parameter, torch::zeros_like(parameter), torch::zeros_like(parameter),
                           parameter.dim() >= 2});
}

void AdamW::step(double learningRate)
{
    torch::NoGradGuard noGrad;
    ++m_steps;
    const double correction1 = 1.0 - std::pow(m_settings.beta1, double(m_steps));
    const double correction2 = 1.0 - std::pow(m_settings.beta2, double(m_steps));
    for (Slot& slot : m_slots) {
        const torch::Tensor grad = slot.parameter.grad();
        if (!grad.defined())
            continue;
        if (slot.decays && m_settings.weightDecay > 0)
            slot.parameter.mul_(1.0 - learningRate * m_settings.weightDecay);
        slot.expAvg.mul_(m_settings.beta1).add_(grad, 1.0 - m_settings.beta1);
        slot.expAvgSq.mul_(m_settings.beta2).addcmul_(grad, grad, 1.0 - m_settings.beta2);
        const torch::Tensor denominator = (slot.expAvgSq.sqrt() / std::sqrt(correction2)).add_(m_settings.epsilon);
        slot.parameter.addcdiv_(slot.expAvg, denominator, -learningRate / correction1);
    }
}

void AdamW::zeroGrad()
{
    for (Slot& slot : m_slots)
        if (slot.parameter.grad().defined())
            slot.parameter.mutable_grad().reset();
}

std::vector<std::pair<std::string, torch::Tensor>> AdamW::state() const
{
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const Slot& slot : m_slots) {
        tensors.emplace_back(slot.name + ".exp_avg", slot.expAvg);
        tensors.emplace_back(slot.name + ".exp_avg_sq", slot.expAvgSq);
    }
    return tensors;
}

void AdamW::loadState(const std::map<std::string, torch::Tensor>& state, int64_t steps, const std::string& where)
{
    torch::NoGradGuard noGrad;
    for (Slot& slot : m_slots) {
        for (auto [suffix, target] : {std::pair{".exp_avg", &slot.expAvg}, std::pair{".exp_avg_sq", &slot.expAvgSq}}) {
            const auto it = state.find(slot.name + suffix);
            if (it == state.end() || !it->second.sizes().equals(target->sizes()))
                throw Error("Optimizer state '" + slot.name + suffix + "' is missing or has the wrong shape", where,
                            "the checkpoint does not belong to this run's LoRA settings");
            target->copy_(it->second);
        }
    }
    m_steps = steps;
}

} // namespace qs::train

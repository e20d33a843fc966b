#include "core/train/adamw_impl.h"

#include "core/base/error.h"

#include <algorithm>
#include <cmath>

namespace qs::train {

AdamW::AdamW(std::vector<std::pair<std::string, torch::Tensor>> parameters, AdamWSettings settings)
    : m_settings(settings)
{
    torch::NoGradGuard noGrad;
    for (auto& [name, parameter] : parameters) {
        const bool decays = parameter.dim() >= 2;
        const auto joins = [&](const Group& group) {
            const torch::Tensor& first = m_slots[group.members.front()].parameter;
            return group.decays == decays && first.scalar_type() == parameter.scalar_type() &&
                   first.device() == parameter.device();
        };
        auto group = std::find_if(m_groups.begin(), m_groups.end(), joins);
        if (group == m_groups.end())
            group = m_groups.insert(m_groups.end(), Group{decays, {}, {}, {}, {}});
        group->members.push_back(m_slots.size());
        m_slots.push_back({name, parameter, {}, {}});
    }
    for (Group& group : m_groups) {
        std::vector<torch::Tensor> flattened;
        for (size_t member : group.members)
            flattened.push_back(m_slots[member].parameter.detach().reshape({-1}));
        group.parameters = torch::cat(flattened);
        group.expAvg = torch::zeros_like(group.parameters);
        group.expAvgSq = torch::zeros_like(group.parameters);
        int64_t offset = 0;
        for (size_t member : group.members) {
            Slot& slot = m_slots[member];
            const int64_t count = slot.parameter.numel();
            const auto view = [&](const torch::Tensor& flat) {
                return flat.narrow(0, offset, count).view(slot.parameter.sizes());
            };
            slot.parameter.set_data(view(group.parameters)); // every holder of the parameter sees the buffer
            slot.expAvg = view(group.expAvg);
            slot.expAvgSq = view(group.expAvgSq);
            offset += count;
        }
    }
}

void AdamW::update(const torch::Tensor& parameter, const torch::Tensor& expAvg, const torch::Tensor& expAvgSq,
                   const torch::Tensor& grad, bool decays, double learningRate) const
{
    const double correction1 = 1.0 - std::pow(m_settings.beta1, double(m_steps));
    const double correction2 = 1.0 - std::pow(m_settings.beta2, double(m_steps));
    if (decays && m_settings.weightDecay > 0)
        parameter.mul_(1.0 - learningRate * m_settings.weightDecay);
    expAvg.mul_(m_settings.beta1).add_(grad, 1.0 - m_settings.beta1);
    expAvgSq.mul_(m_settings.beta2).addcmul_(grad, grad, 1.0 - m_settings.beta2);
    const torch::Tensor denominator = (expAvgSq.sqrt() / std::sqrt(correction2)).add_(m_settings.epsilon);
    parameter.addcdiv_(expAvg, denominator, -learningRate / correction1);
}

void AdamW::step(double learningRate, double gradientFactor)
{
    torch::NoGradGuard noGrad;
    ++m_steps;
    const auto hasGradient = [this](size_t member) { return m_slots[member].parameter.grad().defined(); };
    for (const Group& group : m_groups) {
        if (std::all_of(group.members.begin(), group.members.end(), hasGradient)) {
            std::vector<torch::Tensor> grads;
            for (size_t member : group.members)
                grads.push_back(m_slots[member].parameter.grad().reshape({-1}));
            torch::Tensor grad = torch::cat(grads);
            if (gradientFactor != 1.0)
                grad.mul_(gradientFactor);
            update(group.parameters, group.expAvg, group.expAvgSq, grad, group.decays, learningRate);
            continue;
        }
        for (size_t member : group.members) { // as torch.optim: a parameter without a gradient keeps its state
            const Slot& slot = m_slots[member];
            if (const torch::Tensor grad = slot.parameter.grad(); grad.defined())
                update(slot.parameter, slot.expAvg, slot.expAvgSq, grad * gradientFactor, group.decays, learningRate);
        }
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

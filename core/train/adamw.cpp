#include "core/train/adamw_impl.h"

#include "core/base/error.h"

#include <torch/version.h>

#include <algorithm>
#include <cmath>

// libtorch's fused AdamW kernel (2.1 and later) reads the step count and
// whether to skip from GPU memory.
#if defined(QS_TORCH_CUDA) && (TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1))
#define QS_FUSED_ADAMW
#endif

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
            group = m_groups.insert(m_groups.end(), Group{decays, {}, {}, {}, {}, {}});
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

void AdamW::keepGradientsInPlace()
{
    torch::NoGradGuard noGrad;
    for (Group& group : m_groups) {
        group.gradients = torch::zeros_like(group.parameters);
        int64_t offset = 0;
        for (size_t member : group.members) {
            Slot& slot = m_slots[member];
            const int64_t count = slot.parameter.numel();
            slot.parameter.mutable_grad() = group.gradients.narrow(0, offset, count).view(slot.parameter.sizes());
            offset += count;
        }
    }
}

torch::Tensor AdamW::groupGradient(const Group& group) const
{
    if (group.gradients.defined())
        return group.gradients;
    std::vector<torch::Tensor> flattened;
    for (size_t member : group.members)
        flattened.push_back(m_slots[member].parameter.grad().reshape({-1}));
    return torch::cat(flattened);
}

bool AdamW::fusedOnDevice() const
{
#ifdef QS_FUSED_ADAMW
    return !m_slots.empty() && std::all_of(m_slots.begin(), m_slots.end(), [](const Slot& slot) {
        return slot.parameter.is_cuda() && slot.parameter.grad().defined();
    });
#else
    return false;
#endif
}

int64_t AdamW::steps() const
{
    return m_deviceSteps.defined() ? int64_t(m_deviceSteps.item<float>()) : m_steps;
}

void AdamW::step(double learningRate, double gradientFactor)
{
    torch::NoGradGuard noGrad;
    if (fusedOnDevice()) { // the device's kernels, with values the host already knows
        const auto options = torch::TensorOptions().device(m_slots.front().parameter.device());
        step(learningRate, torch::full({}, gradientFactor, options.dtype(torch::kFloat64)),
             torch::ones({}, options.dtype(torch::kBool)));
        return;
    }
    m_steps = steps() + 1;
    if (m_deviceSteps.defined())
        m_deviceSteps.fill_(double(m_steps));
    const auto hasGradient = [this](size_t member) { return m_slots[member].parameter.grad().defined(); };
    for (const Group& group : m_groups) {
        if (std::all_of(group.members.begin(), group.members.end(), hasGradient)) {
            torch::Tensor grad = groupGradient(group);
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

void AdamW::step(double learningRate, const torch::Tensor& gradientFactor, const torch::Tensor& apply)
{
    torch::NoGradGuard noGrad;
#ifdef QS_FUSED_ADAMW
    if (fusedOnDevice()) {
        if (!m_deviceSteps.defined())
            m_deviceSteps = torch::full({}, double(m_steps), apply.options().dtype(torch::kFloat32));
        m_deviceSteps.add_(apply.to(torch::kFloat32)); // the kernel reads the count only when it applies the step
        const torch::Tensor skip = apply.logical_not().to(torch::kFloat32); // 1: every block returns at once
        for (const Group& group : m_groups) {
            torch::Tensor grad = groupGradient(group);
            grad.mul_(gradientFactor);
            at::_fused_adamw_({group.parameters}, {grad}, {group.expAvg}, {group.expAvgSq}, {}, {m_deviceSteps},
                              learningRate, m_settings.beta1, m_settings.beta2,
                              group.decays ? m_settings.weightDecay : 0.0, m_settings.epsilon, /*amsgrad=*/false,
                              /*maximize=*/false, /*grad_scale=*/{}, skip);
        }
        return;
    }
#endif
    if (apply.item<bool>()) // on the CPU (or without the fused kernel) reading them costs nothing
        step(learningRate, gradientFactor.item<double>());
}

void AdamW::zeroGrad()
{
    torch::NoGradGuard noGrad;
    if (std::all_of(m_groups.begin(), m_groups.end(), [](const Group& group) { return group.gradients.defined(); })) {
        for (Group& group : m_groups)
            group.gradients.zero_();
        return;
    }
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
    if (m_deviceSteps.defined())
        m_deviceSteps.fill_(double(steps));
}

} // namespace qs::train

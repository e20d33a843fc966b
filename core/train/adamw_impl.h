// AdamW as torch.optim.AdamW computes it (decoupled weight decay, bias
// correction), written here so that its state is plain named tensors that a
// checkpoint stores in safetensors and reads back bit for bit. The parameters,
// and both moments, live in one flat buffer per group (same dtype, device and
// decay), the parameters re-pointed to views of it, so that a step is a few
// kernels over all of a LoRA adapter's 448 tensors instead of nine per tensor
// (an 8B model's step launched some 4,000 tiny kernels there), with the same
// arithmetic element by element. Torch types: only core includes this header.
#pragma once

#include <torch/torch.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace qs::train {

struct AdamWSettings {
    double beta1 = 0.9;
    double beta2 = 0.999;
    double epsilon = 1e-8;
    double weightDecay = 0.01; // applied to matrices only: never to biases or norm weights
};

class AdamW {
public:
    AdamW(std::vector<std::pair<std::string, torch::Tensor>> parameters, AdamWSettings settings);

    // One update from the parameters' .grad() times gradientFactor (unscaling
    // and clipping in one product); parameters without a gradient are left alone.
    void step(double learningRate, double gradientFactor = 1.0);
    void zeroGrad();
    int64_t steps() const { return m_steps; }

    // "<parameter>.exp_avg" and "<parameter>.exp_avg_sq", in the parameters' order.
    std::vector<std::pair<std::string, torch::Tensor>> state() const;
    // Throws qs::Error naming `where` when a state tensor is missing or misshapen.
    void loadState(const std::map<std::string, torch::Tensor>& state, int64_t steps, const std::string& where);

private:
    struct Slot {
        std::string name;
        torch::Tensor parameter; // a view of its group's flat buffer
        torch::Tensor expAvg;    // views of the group's moment buffers
        torch::Tensor expAvgSq;
    };
    struct Group {
        bool decays = false; // matrices only: never biases or norm weights
        torch::Tensor parameters, expAvg, expAvgSq; // flat
        std::vector<size_t> members;                // indices into m_slots, in buffer order
    };
    void update(const torch::Tensor& parameter, const torch::Tensor& expAvg, const torch::Tensor& expAvgSq,
                const torch::Tensor& grad, bool decays, double learningRate) const;

    std::vector<Slot> m_slots; // in the parameters' order
    std::vector<Group> m_groups;
    AdamWSettings m_settings;
    int64_t m_steps = 0;
};

} // namespace qs::train

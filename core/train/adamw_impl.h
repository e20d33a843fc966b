// AdamW as torch.optim.AdamW computes it (decoupled weight decay, bias
// correction), written here so that its state is plain named tensors that a
// checkpoint stores in safetensors and reads back bit for bit.
// Torch types: only core includes this header.
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

    // One update from the parameters' .grad(); parameters without a gradient are left alone.
    void step(double learningRate);
    void zeroGrad();
    int64_t steps() const { return m_steps; }

    // "<parameter>.exp_avg" and "<parameter>.exp_avg_sq".
    std::vector<std::pair<std::string, torch::Tensor>> state() const;
    // Throws qs::Error naming `where` when a state tensor is missing or misshapen.
    void loadState(const std::map<std::string, torch::Tensor>& state, int64_t steps, const std::string& where);

private:
    struct Slot {
        std::string name;
        torch::Tensor parameter;
        torch::Tensor expAvg;
        torch::Tensor expAvgSq;
        bool decays = false;
    };
    std::vector<Slot> m_slots;
    AdamWSettings m_settings;
    int64_t m_steps = 0;
};

} // namespace qs::train

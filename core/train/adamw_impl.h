// AdamW as torch.optim.AdamW computes it (decoupled weight decay, bias
// correction), written here so that its state is plain named tensors that a
// checkpoint stores in safetensors and reads back bit for bit. The parameters,
// and both moments, live in one flat buffer per group (same dtype, device and
// decay), the parameters re-pointed to views of it, so that a step is a few
// kernels over all of a LoRA adapter's 448 tensors instead of nine per tensor
// (an 8B model's step launched some 4,000 tiny kernels there), with the same
// arithmetic element by element. On a CUDA GPU a step is libtorch's fused
// AdamW kernel, which reads the gradient factor, whether to apply the step and
// the step count from GPU memory: the host never waits for the GPU to decide
// (see step()). Torch types: only core includes this header.
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
    // The same with the factor (a number) and whether to apply the step at all
    // (a boolean; a step not applied changes nothing, not even the step count)
    // as 0-dim tensors on the parameters' device, where the host need not know
    // them: on a CUDA GPU the kernels read them there.
    void step(double learningRate, const torch::Tensor& gradientFactor, const torch::Tensor& apply);
    // Drops the gradients, or zeroes them where they are kept in place.
    void zeroGrad();
    // From now on each parameter's .grad() is a view of one zeroed flat buffer
    // per group that backward adds into and zeroGrad() clears: the gradients
    // stay at one address, as a recorded step (CUDA graph) needs, and a step
    // reads its group's buffer without gathering it. A step may scale them in place.
    void keepGradientsInPlace();
    int64_t steps() const; // steps applied (on a GPU this waits for the last one)

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
        torch::Tensor gradients;                    // flat, once kept in place
        std::vector<size_t> members;                // indices into m_slots, in buffer order
    };
    void update(const torch::Tensor& parameter, const torch::Tensor& expAvg, const torch::Tensor& expAvgSq,
                const torch::Tensor& grad, bool decays, double learningRate) const;
    bool fusedOnDevice() const; // all groups on a CUDA GPU, every parameter with a gradient

    // The group's gradients in one flat tensor, in buffer order (every member has one);
    // the kept buffer itself where there is one.
    torch::Tensor groupGradient(const Group& group) const;

    std::vector<Slot> m_slots; // in the parameters' order
    std::vector<Group> m_groups;
    AdamWSettings m_settings;
    int64_t m_steps = 0;         // applied on the host's path
    torch::Tensor m_deviceSteps; // fp32 count on the GPU, for the fused kernel (the count of record once defined)
};

} // namespace qs::train

// What a device delivers, measured in the run that reports against it: the
// memory's copy rate (decoding's limit) and one large matrix product's rate
// (training's model-FLOP utilisation). Torch types: only core includes this header.
#pragma once

#include <torch/torch.h>

#include <chrono>

namespace qs::hw {

// Waits for the device's queued work (nothing to wait for on the CPU).
void synchronize(const torch::Device& device);

// Seconds per call of `work`, over `repeats` calls after one untimed call.
template <typename Work> double secondsPerCall(const torch::Device& device, int repeats, Work work)
{
    work();
    synchronize(device);
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < repeats; ++i)
        work();
    synchronize(device);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / repeats;
}

// Bytes moved per second by a large bf16 copy, each byte read once and written once.
double copyBandwidth(const torch::Device& device);

// TFLOP/s of one large square product in `dtype` (8192² on a GPU, 512² on the CPU).
double matrixProductRate(const torch::Device& device, torch::ScalarType dtype);

} // namespace qs::hw

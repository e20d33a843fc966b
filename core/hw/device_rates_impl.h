// What a device delivers, measured in the run that reports against it: the
// memory's copy rate (decoding's limit) and one large matrix product's rate
// (training's model-FLOP utilisation). Torch types: only core includes this header.
#pragma once

#include <torch/torch.h>

namespace qs::hw {

// Waits for the device's queued work (nothing to wait for on the CPU).
void synchronize(const torch::Device& device);

// Bytes moved per second by a large bf16 copy, each byte read once and written once.
double copyBandwidth(const torch::Device& device);

// TFLOP/s of one large square product in `dtype` (8192² on a GPU, 512² on the CPU).
double matrixProductRate(const torch::Device& device, torch::ScalarType dtype);

} // namespace qs::hw

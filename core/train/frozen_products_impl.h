// The frozen weights' matrix products of one training step, alone: what the
// step can never be faster than. Forward (lm_head included), the
// recomputation with checkpointing (gate's and up's products where h, q, k and
// v are kept, all but down's for whole layers: layer_recompute_impl.h),
// and the gradients to the inputs — the same FLOPs the MFU column counts —
// on random operands of the step's shapes in the compute dtype, repeated for
// as long as the measured steps ran, so that the GPU's clock settles where it
// settles under a sustained load (a power cap lowers it). `qlora bench train`
// prints it beside the step; the step's time less this is what everything
// else costs. Torch types: only core includes this header.
#pragma once

#include "core/hw/gpu_activity.h"
#include "core/model/model_config.h"
#include "core/train/train_options.h"

#include <torch/torch.h>

namespace qs::train {

struct FrozenProductTiming {
    double secondsPerStep = 0;
    double flopsPerStep = 0;
    hw::GpuActivity activity; // over the timed repetitions; not measured on the CPU
    double tflops() const { return secondsPerStep > 0 ? flopsPerStep / secondsPerStep / 1e12 : 0.0; }
};

// `tokens` rows per product; repeats the step's products until `seconds` have
// passed (at least twice), after one untimed pass.
FrozenProductTiming timeFrozenProducts(const model::ModelConfig& config, int64_t tokens, GradCheckpointing checkpointing,
                                       const torch::Device& device, torch::ScalarType dtype, double seconds);

} // namespace qs::train

// Whether the fused CUDA kernels (core/kernels) are used: built in (a build
// with nvcc) and not switched off — by QS_FUSED_KERNELS=0 in the environment
// (to rule them out when something looks wrong), or by setFusedKernelsEnabled,
// with which tests compare a run against libtorch's own operations.
#pragma once

namespace qs::model {

bool fusedKernelsEnabled();
void setFusedKernelsEnabled(bool enabled);

} // namespace qs::model

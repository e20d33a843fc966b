// Named ranges that profilers (Nsight Compute's --nvtx-include) can select
// kernels by; NVTX is header-only and costs nothing when no profiler listens.
#pragma once

namespace qs::kernels {

void pushProfilerRange(const char* name);
void popProfilerRange();

} // namespace qs::kernels

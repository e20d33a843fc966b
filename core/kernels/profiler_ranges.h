// Named ranges that profilers (Nsight Compute's --nvtx-include) can select
// kernels by: NVTX start/end ranges, which hold for the whole process (autograd
// launches backward kernels from threads of its own); NVTX is header-only and
// costs nothing when no profiler listens.
#pragma once

#include <cstdint>

namespace qs::kernels {

uint64_t startProfilerRange(const char* name);
void endProfilerRange(uint64_t id);

} // namespace qs::kernels

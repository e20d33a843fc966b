// A named span of GPU work a profiler can pick out (`tests/gpu/run.sh
// profile8b` times the kernels of one decode step this way). Does nothing in
// builds without the fused CUDA kernels.
#pragma once

namespace qs::hw {

class ProfilerRange {
public:
    explicit ProfilerRange(const char* name);
    ~ProfilerRange();
    ProfilerRange(const ProfilerRange&) = delete;
    ProfilerRange& operator=(const ProfilerRange&) = delete;
};

} // namespace qs::hw

// A named span of GPU work a profiler can pick out, kernels launched from any
// thread included (the stages profiledecode and profiletrain of
// tests/gpu/run.sh time the kernels of one decode step and one training step
// this way). A null name marks nothing, so that a loop can mark one of its
// passes; nothing is marked in builds without the fused CUDA kernels.
#pragma once

#include <cstdint>

namespace qs::hw {

class ProfilerRange {
public:
    explicit ProfilerRange(const char* name);
    ~ProfilerRange();
    ProfilerRange(const ProfilerRange&) = delete;
    ProfilerRange& operator=(const ProfilerRange&) = delete;

private:
    bool m_started = false;
    uint64_t m_id = 0;
};

} // namespace qs::hw

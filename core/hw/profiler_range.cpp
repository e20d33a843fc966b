#include "core/hw/profiler_range.h"

#ifdef QS_CUDA_KERNELS
#include "core/kernels/profiler_ranges.h"
#endif

namespace qs::hw {

#ifdef QS_CUDA_KERNELS
ProfilerRange::ProfilerRange(const char* name) : m_started(name != nullptr)
{
    if (m_started)
        m_id = kernels::startProfilerRange(name);
}

ProfilerRange::~ProfilerRange()
{
    if (m_started)
        kernels::endProfilerRange(m_id);
}
#else
ProfilerRange::ProfilerRange(const char*) {}
ProfilerRange::~ProfilerRange() = default;
#endif

} // namespace qs::hw

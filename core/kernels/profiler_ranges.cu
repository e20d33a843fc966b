#include "core/kernels/profiler_ranges.h"

#include <nvtx3/nvToolsExt.h>

namespace qs::kernels {

uint64_t startProfilerRange(const char* name)
{
    return nvtxRangeStartA(name);
}

void endProfilerRange(uint64_t id)
{
    nvtxRangeEnd(id);
}

} // namespace qs::kernels

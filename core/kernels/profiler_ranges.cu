#include "core/kernels/profiler_ranges.h"

#include <nvtx3/nvToolsExt.h>

namespace qs::kernels {

void pushProfilerRange(const char* name)
{
    nvtxRangePushA(name);
}

void popProfilerRange()
{
    nvtxRangePop();
}

} // namespace qs::kernels

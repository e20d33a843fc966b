#include "core/model/fused_switch.h"

#include <atomic>
#include <cstdlib>
#include <cstring>

namespace qs::model {
namespace {

bool switchedOffByEnvironment()
{
    const char* value = std::getenv("QS_FUSED_KERNELS");
    return value && std::strcmp(value, "0") == 0;
}

std::atomic<bool>& switchState()
{
    static std::atomic<bool> on{!switchedOffByEnvironment()};
    return on;
}

} // namespace

bool fusedKernelsEnabled()
{
#ifdef QS_CUDA_KERNELS
    return switchState().load(std::memory_order_relaxed);
#else
    return false;
#endif
}

void setFusedKernelsEnabled(bool enabled)
{
    switchState().store(enabled, std::memory_order_relaxed);
}

} // namespace qs::model

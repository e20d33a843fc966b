#include "core/hw/cpu_features.h"

namespace qs::hw {

bool cpuHasBf16Products()
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512bf16") || __builtin_cpu_supports("amx-bf16");
#else
    return false;
#endif
}

} // namespace qs::hw

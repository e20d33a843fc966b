#include "core/hw/blas_threads.h"

#include <dlfcn.h>

#include <mutex>

namespace qs::hw {

void useOneBlasThreadPerProduct()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // Looked up at run time: libblas.so.3 may be another BLAS, without this function.
        using SetThreads = void (*)(int);
        if (const auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
            set(1);
    });
}

} // namespace qs::hw

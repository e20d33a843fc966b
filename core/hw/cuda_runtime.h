// CUDA facts libtorch can give when the engine is built against a CUDA
// libtorch (QS_TORCH_CUDA): a GPU's compute capability and the caching
// allocator's memory statistics. Without it every query says "no GPU".
#pragma once

#include <cstdint>
#include <exception>
#include <optional>
#include <string>

namespace qs::hw {

struct CudaDeviceInfo {
    std::string name;
    int major = 0; // compute capability
    int minor = 0;
    int64_t totalBytes = 0;
    std::string pciBusId; // "00000000:17:00.0", as NVML names the same GPU
};

std::optional<CudaDeviceInfo> cudaDeviceInfo(int index = 0);

struct CudaMemoryStats {
    int64_t allocated = 0; // bytes held by tensors now
    int64_t allocatedPeak = 0;
    int64_t reserved = 0; // bytes the caching allocator holds from the driver
    int64_t reservedPeak = 0;
};

CudaMemoryStats cudaMemoryStats(int index = 0);
void resetCudaPeakMemory(int index = 0);
void emptyCudaCache();

// Caps the caching allocator of GPU `index` at `bytes` (setMemoryFraction), so
// that one GPU behaves like a smaller card: allocations past the cap fail with
// libtorch's out-of-memory error. The CUDA context is outside the cap. Returns
// false when there is no CUDA GPU or the cap is not below its memory.
bool capCudaMemory(int64_t bytes, int index = 0);

// Whether an error from libtorch is the GPU running out of memory (what the
// trainer stops on and the plan check backs off from).
bool isOutOfMemoryError(const std::exception& error);

} // namespace qs::hw

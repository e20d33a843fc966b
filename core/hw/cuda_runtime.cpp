#include "core/hw/cuda_runtime.h"

#include <cstdio>
#include <string_view>

#ifdef QS_TORCH_CUDA
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDACachingAllocator.h>
#endif

namespace qs::hw {

#ifdef QS_TORCH_CUDA

std::optional<CudaDeviceInfo> cudaDeviceInfo(int index)
{
    if (!torch::cuda::is_available() || index >= int(torch::cuda::device_count()))
        return std::nullopt;
    const cudaDeviceProp* properties = at::cuda::getDeviceProperties(index);
    char busId[32];
    std::snprintf(busId, sizeof busId, "%08x:%02x:%02x.0", unsigned(properties->pciDomainID),
                  unsigned(properties->pciBusID), unsigned(properties->pciDeviceID));
    return CudaDeviceInfo{properties->name, properties->major, properties->minor, int64_t(properties->totalGlobalMem),
                          busId};
}

CudaMemoryStats cudaMemoryStats(int index)
{
    if (!torch::cuda::is_available())
        return {};
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(c10::DeviceIndex(index));
    const size_t all = 0; // StatType::AGGREGATE (the enum moved between namespaces across 2.x)
    return {stats.allocated_bytes[all].current, stats.allocated_bytes[all].peak, stats.reserved_bytes[all].current,
            stats.reserved_bytes[all].peak};
}

void resetCudaPeakMemory(int index)
{
    if (!torch::cuda::is_available())
        return;
    // The allocator's per-device state exists only after a first allocation.
    torch::empty({1}, torch::TensorOptions().device(torch::kCUDA, c10::DeviceIndex(index)));
    c10::cuda::CUDACachingAllocator::resetPeakStats(c10::DeviceIndex(index));
}

void emptyCudaCache()
{
    if (torch::cuda::is_available())
        c10::cuda::CUDACachingAllocator::emptyCache();
}

bool capCudaMemory(int64_t bytes, int index)
{
    const auto device = cudaDeviceInfo(index);
    if (!device || bytes <= 0 || bytes >= device->totalBytes)
        return false;
    torch::empty({1}, torch::TensorOptions().device(torch::kCUDA, c10::DeviceIndex(index))); // allocator state
    c10::cuda::CUDACachingAllocator::setMemoryFraction(double(bytes) / double(device->totalBytes),
                                                       c10::DeviceIndex(index));
    return true;
}

#else

std::optional<CudaDeviceInfo> cudaDeviceInfo(int)
{
    return std::nullopt;
}

CudaMemoryStats cudaMemoryStats(int)
{
    return {};
}

void resetCudaPeakMemory(int) {}
void emptyCudaCache() {}

bool capCudaMemory(int64_t, int)
{
    return false;
}

#endif

bool isOutOfMemoryError(const std::exception& error)
{
    return std::string_view(error.what()).find("out of memory") != std::string_view::npos;
}

} // namespace qs::hw

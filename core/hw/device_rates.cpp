#include "core/hw/device_rates_impl.h"

namespace qs::hw {

void synchronize(const torch::Device& device)
{
    if (device.is_cuda())
        torch::cuda::synchronize(device.index() < 0 ? 0 : device.index());
}

double copyBandwidth(const torch::Device& device)
{
    const int64_t elements = device.is_cuda() ? (int64_t(1) << 29) : (int64_t(1) << 25); // 1 GiB / 64 MiB of bf16
    const torch::Tensor source = torch::ones({elements}, torch::TensorOptions().dtype(torch::kBFloat16).device(device));
    torch::Tensor target = torch::empty_like(source);
    return 2.0 * double(source.nbytes()) / secondsPerCall(device, 10, [&] { target.copy_(source); });
}

double matrixProductRate(const torch::Device& device, torch::ScalarType dtype)
{
    const int64_t n = device.is_cuda() ? 8192 : 512;
    const auto options = torch::TensorOptions().dtype(dtype).device(device);
    const torch::Tensor a = torch::randn({n, n}, options);
    const torch::Tensor b = torch::randn({n, n}, options);
    torch::Tensor c;
    return 2.0 * double(n) * double(n) * double(n) / secondsPerCall(device, 20, [&] { c = torch::matmul(a, b); }) / 1e12;
}

} // namespace qs::hw

#include "core/model/nf4_impl.h"

#include "core/base/error.h"

#ifdef QS_CUDA_KERNELS
#include "core/kernels/dequantize_kernels.h"
#include "core/model/kernel_launch_impl.h"
#endif

#include <map>
#include <mutex>
#include <numeric>
#include <string>

namespace qs::model {
namespace {

torch::Tensor codebookOn(const torch::Device& device)
{
    return torch::tensor(std::vector<float>(nf4Codebook().begin(), nf4Codebook().end()),
                         torch::TensorOptions().dtype(torch::kFloat32).device(device));
}

// For each code byte, the values of its two weights, low nibble first: [256, 2],
// fp32. One copy per device, made once: a copy from the host on every
// dequantization would cost a transfer each time and cannot be recorded in a
// CUDA graph.
torch::Tensor pairTableOn(const torch::Device& device)
{
    static std::mutex mutex;
    static auto* copies = new std::map<std::string, torch::Tensor>; // never destroyed: outlives the CUDA runtime
    const std::lock_guard lock(mutex);
    torch::Tensor& copy = (*copies)[device.str()];
    if (!copy.defined()) {
        std::vector<float> pairs;
        for (int byte = 0; byte < 256; ++byte) {
            pairs.push_back(nf4Codebook()[byte & 0x0F]);
            pairs.push_back(nf4Codebook()[byte >> 4]);
        }
        copy = torch::tensor(pairs, torch::TensorOptions().dtype(torch::kFloat32)).view({256, 2}).to(device);
    }
    return copy;
}

} // namespace

const std::array<float, 16>& nf4Codebook()
{
    static const std::array<float, 16> values = {
        -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f, -0.28444138169288635f,
        -0.18477343022823334f, -0.09105003625154495f, 0.0f, 0.07958029955625534f, 0.16093020141124725f,
        0.24611230194568634f, 0.33791524171829224f, 0.44070982933044434f, 0.5626170039176941f,
        0.7229568362236023f, 1.0f};
    return values;
}

Nf4Tensor quantizeNf4(const torch::Tensor& weight)
{
    if (!weight.is_floating_point())
        throw Error("NF4 quantization needs a floating-point tensor");
    torch::NoGradGuard noGrad;
    Nf4Tensor out;
    out.shape = weight.sizes().vec();
    const int64_t n = weight.numel();
    const int64_t blocks = (n + kNf4BlockSize - 1) / kNf4BlockSize;

    // blocks: [blocks, 64], zero-padded at the end (weights rarely need it).
    torch::Tensor flat = weight.reshape({-1});
    if (n % kNf4BlockSize)
        flat = torch::constant_pad_nd(flat.to(torch::kFloat32), {0, blocks * kNf4BlockSize - n});
    const torch::Tensor blockView = flat.view({blocks, kNf4BlockSize});

    // A chunk of blocks at a time, so that the fp32 temporaries of a large
    // matrix stay small while a model is quantized on the GPU during loading.
    constexpr int64_t kChunkBlocks = int64_t(1) << 16; // 4M weights
    const torch::Tensor codebook = codebookOn(flat.device());
    // Nearest codebook value: the codebook is sorted, so compare with the midpoints.
    const torch::Tensor midpoints = (codebook.slice(0, 1) + codebook.slice(0, 0, 15)) / 2; // [15]
    const auto onDevice = torch::TensorOptions().device(flat.device());
    torch::Tensor absmax = torch::empty({blocks}, onDevice.dtype(torch::kFloat32));
    out.codes = torch::empty({blocks * kNf4BlockSize / 2}, onDevice.dtype(torch::kUInt8));
    for (int64_t first = 0; first < blocks; first += kChunkBlocks) {
        const int64_t last = std::min(blocks, first + kChunkBlocks);
        const torch::Tensor chunk = blockView.slice(0, first, last).to(torch::kFloat32); // [c, 64]
        const torch::Tensor chunkMax = chunk.abs().amax(1).clamp_min(1e-12);            // [c]
        absmax.slice(0, first, last).copy_(chunkMax);
        const torch::Tensor pairs = torch::bucketize(chunk / chunkMax.unsqueeze(1), midpoints, /*out_int32=*/true)
                                        .to(torch::kUInt8)
                                        .view({-1, 2}); // two codes per byte, low nibble first
        out.codes.slice(0, first * kNf4BlockSize / 2, last * kNf4BlockSize / 2)
            .copy_(pairs.select(1, 0).bitwise_or(pairs.select(1, 1).mul(16)));
    }

    // Double quantization of the block constants.
    out.constantMean = absmax.mean().item<float>();
    const int64_t groups = (blocks + kNf4ConstantBlockSize - 1) / kNf4ConstantBlockSize;
    torch::Tensor centered = torch::constant_pad_nd(absmax - out.constantMean, {0, groups * kNf4ConstantBlockSize - blocks})
                                 .view({groups, kNf4ConstantBlockSize});
    out.constantScales = (centered.abs().amax(1) / 127.0f).clamp_min(1e-12);
    out.constantCodes = torch::round(centered / out.constantScales.unsqueeze(1))
                            .clamp(-127, 127)
                            .to(torch::kInt8)
                            .reshape({-1})
                            .slice(0, 0, blocks)
                            .contiguous();
    return out;
}

torch::Tensor dequantizeNf4WithTorch(const Nf4Tensor& quantized, torch::ScalarType dtype)
{
    torch::NoGradGuard noGrad;
    const int64_t n = std::accumulate(quantized.shape.begin(), quantized.shape.end(), int64_t(1), std::multiplies<>());
    const int64_t blocks = quantized.constantCodes.numel();
    // [bytes, 2] → [blocks, 64]: one int32 index per byte, no nibble temporaries.
    torch::Tensor values = pairTableOn(quantized.codes.device())
                               .index_select(0, quantized.codes.to(torch::kInt))
                               .view({-1, kNf4BlockSize})
                               .slice(0, 0, blocks);
    const torch::Tensor scales = quantized.constantScales.repeat_interleave(kNf4ConstantBlockSize).slice(0, 0, blocks);
    const torch::Tensor absmax = quantized.constantCodes.to(torch::kFloat32) * scales + quantized.constantMean;
    values.mul_(absmax.unsqueeze(1));
    return values.reshape({-1}).slice(0, 0, n).view(quantized.shape).to(dtype);
}

torch::Tensor dequantizeNf4(const Nf4Tensor& quantized, torch::ScalarType dtype)
{
#ifdef QS_CUDA_KERNELS
    if (fusedKernelsEnabled() && quantized.codes.is_cuda() && fused::isHalfType(dtype)) {
        const c10::cuda::CUDAGuard guard(quantized.codes.device());
        torch::Tensor out = torch::empty(quantized.shape, quantized.codes.options().dtype(dtype));
        kernels::dequantizeNf4(quantized.codes.data_ptr<uint8_t>(), quantized.constantCodes.data_ptr<int8_t>(),
                               quantized.constantScales.data_ptr<float>(), quantized.constantMean, out.numel(),
                               out.data_ptr(),
                               fused::halfTypeOf(dtype), fused::currentStream());
        return out;
    }
#endif
    return dequantizeNf4WithTorch(quantized, dtype);
}

} // namespace qs::model

// 4-bit NormalFloat (NF4) quantization as in QLoRA: weights in blocks of 64,
// each scaled by its absmax and rounded to the nearest of 16 values placed at
// quantiles of a normal distribution; two 4-bit codes per byte. The fp32 block
// constants are quantized again (double quantization) in blocks of 256: their
// mean is subtracted and the rest stored as 8 bits with one fp32 scale per
// block. (QLoRA stores that second level with an 8-bit float map; a symmetric
// 8-bit integer code is used here: same size, a different rounding grid.)
// Torch types: only core includes this header.
#pragma once

#include <torch/torch.h>

namespace qs::model {

inline constexpr int64_t kNf4BlockSize = 64;
inline constexpr int64_t kNf4ConstantBlockSize = 256;

// The 16 NF4 values (QLoRA, appendix E), ascending, in [-1, 1] with an exact 0.
const std::array<float, 16>& nf4Codebook();

struct Nf4Tensor {
    torch::Tensor codes;          // uint8 [blocks × 32]: two 4-bit indices per byte, low nibble first
    torch::Tensor constantCodes;  // int8 [blocks]: double-quantized absmax of each block of 64
    torch::Tensor constantScales; // float32 [ceil(blocks/256)]: scale of each block of 256 constants
    float constantMean = 0;       // mean of the absmax values, subtracted before the second quantization
    std::vector<int64_t> shape;
};

// Any float dtype in, on any device; the codes stay on that device.
Nf4Tensor quantizeNf4(const torch::Tensor& weight);
// The dequantized weight in `dtype`, on the codes' device: the fused CUDA kernel
// for 16-bit results on a GPU where it is built in, else dequantizeNf4WithTorch.
torch::Tensor dequantizeNf4(const Nf4Tensor& quantized, torch::ScalarType dtype = torch::kFloat32);
// The same values from libtorch operations (the reference the kernel is tested against).
torch::Tensor dequantizeNf4WithTorch(const Nf4Tensor& quantized, torch::ScalarType dtype = torch::kFloat32);

} // namespace qs::model

// Weight-only int8 quantization: each output row of a weight matrix scaled by
// its absmax to [-127, 127]. Unlike LLM.int8 (bitsandbytes), activations stay
// in 16-bit and there is no outlier decomposition: the matrix product runs on
// the dequantized weight. Torch types: only core includes this header.
#pragma once

#include <torch/torch.h>

namespace qs::model {

struct Int8Tensor {
    torch::Tensor codes;  // int8 [rows, columns]
    torch::Tensor scales; // float32 [rows]: absmax / 127 of each row
};

// `weight`: [rows, columns], any float dtype and device.
Int8Tensor quantizeInt8(const torch::Tensor& weight);
// The fused CUDA kernel for 16-bit results on a GPU where it is built in, else dequantizeInt8WithTorch.
torch::Tensor dequantizeInt8(const Int8Tensor& quantized, torch::ScalarType dtype = torch::kFloat32);
// The same values from libtorch operations (the reference the kernel is tested against).
torch::Tensor dequantizeInt8WithTorch(const Int8Tensor& quantized, torch::ScalarType dtype = torch::kFloat32);

} // namespace qs::model

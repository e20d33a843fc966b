// Fused CUDA kernels that turn quantized weights straight into 16-bit ones: one
// pass that reads the codes and writes the result, where the libtorch path makes
// some 26 bytes of temporaries per weight (issue 9). Built only when the engine
// is compiled against a CUDA libtorch and nvcc is found (QS_CUDA_KERNELS); no
// torch types here, so the .cu file needs no libtorch headers.
#pragma once

#include <cstdint>

namespace qs::kernels {

enum class HalfType { BFloat16, Float16 };

// NF4 (see core/model/nf4_impl.h): weight e is codebook[nibble e of codes] ×
// absmax(e / 64), absmax(b) = constantCodes[b] × constantScales[b / 256] +
// constantMean, rounded once to `type`. All pointers on the GPU; `stream` is a
// cudaStream_t. Throws std::runtime_error when the launch fails.
void dequantizeNf4(const uint8_t* codes, const int8_t* constantCodes, const float* constantScales, float constantMean,
                   int64_t count, void* out, HalfType type, void* stream);

// Per-row int8: weight (r, c) = codes[r, c] × scales[r], rounded once to `type`.
void dequantizeInt8(const int8_t* codes, const float* scales, int64_t rows, int64_t columns, void* out, HalfType type,
                    void* stream);

} // namespace qs::kernels

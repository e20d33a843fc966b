// A fused matrix–vector product for decoding: y = x Wᵀ for a few rows of x,
// reading each weight once, straight from its stored form (16-bit, per-row int8
// or NF4) — no dequantized copy, no matrix-product library call tuned for
// larger batches. Several weights that share x (q/k/v, gate/up) go in one
// launch. No torch types here (see dequantize_kernels.h).
#pragma once

#include "core/kernels/dequantize_kernels.h"

#include <cstdint>

namespace qs::kernels {

enum class WeightFormat { Half, Int8, Nf4 };

inline constexpr int kMatrixVectorMaxRows = 4;   // rows of x one launch takes
inline constexpr int kMatrixVectorMaxWeights = 3; // weights one launch takes

// One weight [rows, columns] and its output y [x rows, rows] in the 16-bit type.
struct MatrixVectorWeight {
    const void* values = nullptr;          // Half: [rows, columns] of the 16-bit type; Int8: int8 codes; Nf4: packed codes
    const float* rowScales = nullptr;      // Int8: [rows]
    const int8_t* constantCodes = nullptr; // Nf4, as in dequantizeNf4
    const float* constantScales = nullptr; // Nf4
    float constantMean = 0;                // Nf4
    int64_t rows = 0;
    void* out = nullptr;
    // An optional LoRA update added before rounding: y += loraScale · loraUp ·
    // loraDown, with loraUp = B [rows, loraRank] and loraDown = A x [x rows, loraRank], fp32.
    const float* loraUp = nullptr;
    const float* loraDown = nullptr;
    int64_t loraRank = 0;
    float loraScale = 0;
};

// Which shapes and addresses the kernel takes: 16-byte aligned x, weights and
// codes; columns a multiple of 8 (Half), 16 (Int8) or 64 (Nf4, so no block
// spans two rows); 1 to kMatrixVectorMaxRows rows of x.
bool matrixVectorApplies(WeightFormat format, int64_t xRows, int64_t columns);

// y_i = x W_iᵀ (+ the LoRA update) for `count` (≤ kMatrixVectorMaxWeights) weights of one format,
// summed in fp32 from the exact quantized values and rounded once. x: [xRows,
// columns] of `type`. Throws std::runtime_error when the launch fails.
void matrixVector(const void* x, int64_t xRows, int64_t columns, WeightFormat format, const MatrixVectorWeight* weights,
                  int count, HalfType type, void* stream);

} // namespace qs::kernels

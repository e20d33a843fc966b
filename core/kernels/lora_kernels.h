// The end of a LoRA branch in one pass: out = half(y + scale · z), where y is
// the frozen projection's 16-bit output and z = B A x the branch's fp32 product,
// rounded exactly as libtorch's three operations round (z · scale in fp32, the
// sum in fp32, one rounding to 16 bits). libtorch writes and reads two fp32
// temporaries per output element for it. No torch types here.
#pragma once

#include "core/kernels/dequantize_kernels.h"

#include <cstdint>

namespace qs::kernels {

void loraSum(const void* y, const float* z, float scale, int64_t count, void* out, HalfType type, void* stream);

// Several conversions between fp32 and 16 bits in one launch, each `count`
// values from `source` to `target` times `scale` (in fp32, one rounding): a
// training step's LoRA matrices to 16 bits for its products, and their 16-bit
// gradients back to fp32 for the master weights. libtorch takes a launch per
// tensor, and one more per scale: hundreds of small launches per step.
inline constexpr int kMaxConversions = 8;
struct Conversion {
    const void* source;
    void* target;
    int64_t count;
    float scale;
};
enum class ConversionDirection { ToHalf, ToFloat };
void convertEach(const Conversion* conversions, int count, ConversionDirection direction, HalfType type, void* stream);

// The two products of LoRA branches' backward that read an output's gradient
// G [rows, out] (16 bits, contiguous), with one read of G for both:
//   dL/d(A x) = scale · G B   [rows, R]: 16 bits into `gradLowRank` (row stride ldLowRank),
//                             summed in `scratch` (fp32 [rows, R], zeroed) over G's column tiles;
//   dL/dB     = scale · Gᵀ L  [out, R]: fp32 into `gradUp` (zeroed), summed over G's row tiles,
// where B [out, R] is the branch's 16-bit B and L its rank-R intermediate (row
// stride ldLowRank). cuBLAS reads G once per product, splits the second over
// rows with a reduction kernel of its own, and a third pass widened it to fp32;
// here all branches of a projection group take one launch and a second writes
// dL/d(A x). A branch without a gradient (gradOutput null) gets zeros. R: 16,
// 32 or 64; out a multiple of 16; tensor-core products in 16 bits, compute
// capability 8.0 or newer.
inline constexpr int kMaxBranches = 8;
struct BranchGradient {
    const void* gradOutput; // G, or null
    const void* up;         // B
    const void* lowRank;    // L's first column
    void* gradLowRank;      // dL/d(A x)'s first column
    float* scratch;
    float* gradUp;
    int64_t out;
    float scale;
};
void branchGradients(const BranchGradient* branches, int count, int64_t rows, int64_t ldLowRank, int rank,
                     HalfType type, void* stream);

} // namespace qs::kernels

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
//   dL/dB     = scale · Gᵀ L  [out, R]: fp32 into `gradUp`,
// where B [out, R] is the branch's 16-bit B and L its rank-R intermediate (row
// stride ldLowRank). cuBLAS reads G once per product and splits the second
// over rows with a reduction kernel of its own; here all branches of a
// projection group take one launch, which leaves fp32 partial sums per tile of
// G in `workspace` (branchGradientWorkspace floats), and a second adds them up
// in a fixed order (the same bits on every run). A branch without a gradient
// (gradOutput null) gets zeros. R: 16, 32 or 64; out a multiple of 16;
// tensor-core products in 16 bits, compute capability 8.0 or newer.
inline constexpr int kMaxBranches = 8;
struct BranchGradient {
    const void* gradOutput; // G, or null
    const void* up;         // B
    const void* lowRank;    // L's first column
    void* gradLowRank;      // dL/d(A x)'s first column
    float* gradUp;
    int64_t out;
    float scale;
};
int64_t branchGradientWorkspace(const BranchGradient* branches, int count, int64_t rows, int rank);
// Shared memory a block takes at rank R: 84 KB at 16, 96 at 32, 120 at 64 (more
// than GeForce cards of compute capability 8.6 and 8.9 give a block, 99 KB).
size_t branchGradientSharedBytes(int rank);
void branchGradients(const BranchGradient* branches, int count, int64_t rows, int64_t ldLowRank, int rank,
                     float* workspace, HalfType type, void* stream);

// Whether branchGradients beats cuBLAS's products for outputs `outs` of `rows`
// rows each (`count` branches with a gradient) on a GPU of that many
// multiprocessors. Its products run from shared memory, and rank-16 columns
// reuse each load of G little, so it wins where launches and cuBLAS's split-K
// reductions weigh most: on the H200 (tests/bench/bench_branch_gradients,
// 2026-11-30) 1.81× as fast for q/k/v and 1.05× for o at 2,048 rows (1–2 of
// its tiles per branch and multiprocessor), 1.24× for q/k/v at 4,096 (2); but
// 0.87× for o at 4,096 and 0.72–1.00× from there on (4 and more), where
// cuBLAS's two reads of G at full bandwidth win. It takes up to 3.
bool branchGradientsPay(int64_t rows, const int64_t* outs, int count, int multiprocessors);

} // namespace qs::kernels

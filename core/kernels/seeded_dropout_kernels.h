// Dropout whose mask is a hash of a seed, a salt and each element's index, so
// that nothing but the seed has to be stored or replayed: the seed is read from
// GPU memory when the kernel runs, so a CUDA graph recorded once draws new
// masks on each replay after the seed in memory changes, and running the same
// step again (a checkpoint's recomputation, the backward pass) draws the same
// mask. No torch types here; core/model/seeded_dropout.cpp computes the same
// draws with libtorch's operations where this kernel does not apply.
#pragma once

#include "core/kernels/dequantize_kernels.h"

#include <cstdint>

#ifdef __CUDACC__
#define QS_HOST_DEVICE __host__ __device__
#else
#define QS_HOST_DEVICE
#endif

namespace qs::kernels {

// A draw is 24 bits: element `index` is kept when its draw is at least
// round(p · 2^24), so the kept share is exact to 2^-24.
inline constexpr int kDropoutDrawBits = 24;
inline constexpr uint64_t kDropoutIndexStep = 0x9E3779B97F4A7C15ULL;
inline constexpr uint64_t kDropoutMix1 = 0xBF58476D1CE4E5B9ULL;
inline constexpr uint64_t kDropoutMix2 = 0x94D049BB133111EBULL;

// SplitMix64's output function on key + (index + 1) · step: consecutive
// indices give independent-looking draws, as SplitMix64's stream does.
QS_HOST_DEVICE inline uint32_t dropoutDraw(uint64_t key, uint64_t index)
{
    uint64_t z = key + (index + 1) * kDropoutIndexStep;
    z = (z ^ (z >> 30)) * kDropoutMix1;
    z = (z ^ (z >> 27)) * kDropoutMix2;
    z ^= z >> 31;
    return uint32_t(z >> (64 - kDropoutDrawBits));
}

// The key of a draw: the seed (read from memory) and the salt, one per use.
QS_HOST_DEVICE inline uint64_t dropoutKey(uint64_t seed, uint64_t salt)
{
    return seed ^ (salt * kDropoutMix2);
}

// out[i] = x[i] · scale where dropoutDraw(dropoutKey(*seed, salt), i) ≥ threshold, else 0;
// the product in fp32, rounded once. x and out: `count` 16-bit values (out may be x).
void seededDropout(const void* x, void* out, int64_t count, const int64_t* seed, uint64_t salt, uint32_t threshold,
                   float scale, HalfType type, void* stream);

} // namespace qs::kernels

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

} // namespace qs::kernels

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

} // namespace qs::kernels

// How many rows of logits the trainer's loss computes at a time (see
// chunked_loss_impl.h); also what the memory estimate counts.
#pragma once

#include <algorithm>
#include <cstdint>

namespace qs::train {

// About 64 Mi fp32 logits (256 MiB) at a time, and at least 16 rows.
inline int64_t lossChunkRows(int64_t vocabSize)
{
    return std::max<int64_t>(16, (int64_t(1) << 26) / std::max<int64_t>(vocabSize, 1));
}

} // namespace qs::train

// LoRA dropout whose masks are a hash of a seed held in a tensor on the
// compute device, a salt per use and each element's index
// (core/kernels/seeded_dropout_kernels.h). A trainer's layer step draws its
// masks inside a DropoutScope: a CUDA graph recorded once then draws new masks
// on each replay after the seed tensor is rewritten, and a checkpoint's
// recomputation draws the same masks, without seeding libtorch's generator on
// the host (which a recording cannot hold). No mask is kept: backward draws it
// again. Torch types: only core includes this header.
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace qs::model {

struct DropoutKey {
    torch::Tensor seed; // int64, 0-dim, on the masked tensor's device
    uint64_t salt = 0;
};

// For the current thread while it lives: each loraDropout draws with `seed` and
// a salt of its own, derived from `salt` and how many draws came before in this
// scope — the same draws in the same order give the same masks.
class DropoutScope {
public:
    DropoutScope(torch::Tensor seed, uint64_t salt);
    ~DropoutScope();
    DropoutScope(const DropoutScope&) = delete;
    DropoutScope& operator=(const DropoutScope&) = delete;

private:
    torch::Tensor m_previousSeed;
    uint64_t m_previousSalt;
    uint64_t m_previousDraws;
};

// x with each element zeroed with probability p, the rest scaled by 1 / (1 - p):
// the mask from the current DropoutScope's next draw, or from libtorch's
// generator outside one. x itself where p is 0.
torch::Tensor loraDropout(const torch::Tensor& x, double p);

// The same with the mask of `key`; its gradient goes through the same mask.
torch::Tensor seededDropout(const torch::Tensor& x, double p, const DropoutKey& key);

// The draws behind a key's mask for `count` elements (24 bits each, int64),
// computed with libtorch's operations: what the kernel draws, where it does
// not apply, and for its tests.
torch::Tensor dropoutDraws(const DropoutKey& key, int64_t count);

} // namespace qs::model

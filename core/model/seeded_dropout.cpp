#include "core/model/seeded_dropout_impl.h"

#include "core/kernels/seeded_dropout_kernels.h"

#ifdef QS_CUDA_KERNELS
#include "core/model/kernel_launch_impl.h"
#endif

#include <cmath>

namespace qs::model {
namespace {

struct ScopeState {
    torch::Tensor seed; // undefined: no scope
    uint64_t salt = 0;
    uint64_t draws = 0;
};
thread_local ScopeState currentScope;

// Draws per scope before salts could repeat another scope's (a layer step draws at most seven).
constexpr uint64_t kDrawsPerScope = 256;

// libtorch's integers are signed: a logical shift is the arithmetic one with the sign's copies masked off.
torch::Tensor shiftedRight(const torch::Tensor& z, int bits)
{
    return torch::bitwise_and(torch::bitwise_right_shift(z, bits), int64_t((uint64_t(1) << (64 - bits)) - 1));
}

uint32_t thresholdFor(double p)
{
    return uint32_t(std::llround(p * double(uint64_t(1) << kernels::kDropoutDrawBits)));
}

torch::Tensor masked(const torch::Tensor& x, double p, const DropoutKey& key)
{
    const uint32_t threshold = thresholdFor(p);
    const float scale = float(1.0 / (1.0 - p));
#ifdef QS_CUDA_KERNELS
    if (fused::kernelsTake({&x}) && key.seed.device() == x.device() && key.seed.scalar_type() == torch::kLong) {
        const torch::Tensor out = torch::empty_like(x);
        const c10::cuda::CUDAGuard guard(x.device());
        kernels::seededDropout(x.data_ptr(), out.data_ptr(), x.numel(), key.seed.data_ptr<int64_t>(), key.salt,
                               threshold, scale, fused::halfTypeOf(x.scalar_type()), fused::currentStream());
        return out;
    }
#endif
    // In fp32 and rounded once, as the kernel multiplies.
    const torch::Tensor keep = dropoutDraws(key, x.numel()).ge(int64_t(threshold)).view(x.sizes());
    return (x.to(torch::kFloat32) * keep * scale).to(x.scalar_type());
}

struct SeededDropout : torch::autograd::Function<SeededDropout> {
    static torch::Tensor forward(torch::autograd::AutogradContext* context, const torch::Tensor& x, double p,
                                 const torch::Tensor& seed, int64_t salt)
    {
        context->saved_data["p"] = p;
        context->saved_data["seed"] = seed;
        context->saved_data["salt"] = salt;
        return masked(x, p, {seed, uint64_t(salt)});
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* context,
                                                   torch::autograd::variable_list gradients)
    {
        const DropoutKey key{context->saved_data["seed"].toTensor(), uint64_t(context->saved_data["salt"].toInt())};
        return {masked(gradients[0].contiguous(), context->saved_data["p"].toDouble(), key), torch::Tensor(),
                torch::Tensor(), torch::Tensor()};
    }
};

} // namespace

DropoutScope::DropoutScope(torch::Tensor seed, uint64_t salt)
    : m_previousSeed(std::move(currentScope.seed)),
      m_previousSalt(currentScope.salt),
      m_previousDraws(currentScope.draws)
{
    currentScope = {std::move(seed), salt, 0};
}

DropoutScope::~DropoutScope()
{
    currentScope = {std::move(m_previousSeed), m_previousSalt, m_previousDraws};
}

torch::Tensor loraDropout(const torch::Tensor& x, double p)
{
    if (p <= 0)
        return x;
    if (!currentScope.seed.defined())
        return torch::dropout(x, p, /*train=*/true);
    const uint64_t salt = currentScope.salt * kDrawsPerScope + currentScope.draws++;
    return seededDropout(x, p, {currentScope.seed, salt});
}

torch::Tensor seededDropout(const torch::Tensor& x, double p, const DropoutKey& key)
{
    // The salt travels as an IValue (int64): its bits, not its value, matter.
    return SeededDropout::apply(x, p, key.seed, int64_t(key.salt));
}

// Two's-complement int64 arithmetic wraps as uint64_t's does, so the draws are the kernel's.
torch::Tensor dropoutDraws(const DropoutKey& key, int64_t count)
{
    const torch::Tensor k =
        torch::bitwise_xor(key.seed, int64_t(key.salt * kernels::kDropoutMix2)); // kernels::dropoutKey
    torch::Tensor z = torch::arange(1, count + 1, key.seed.options()).mul_(int64_t(kernels::kDropoutIndexStep)).add_(k);
    z = torch::bitwise_xor(z, shiftedRight(z, 30)).mul_(int64_t(kernels::kDropoutMix1));
    z = torch::bitwise_xor(z, shiftedRight(z, 27)).mul_(int64_t(kernels::kDropoutMix2));
    z = torch::bitwise_xor(z, shiftedRight(z, 31));
    return shiftedRight(z, 64 - kernels::kDropoutDrawBits);
}

} // namespace qs::model

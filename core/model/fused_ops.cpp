#include "core/model/fused_ops_impl.h"

#ifdef QS_CUDA_KERNELS
#include "core/kernels/decode_attention_kernels.h"
#include "core/kernels/decoder_kernels.h"
#include "core/model/kernel_launch_impl.h"
#endif

namespace qs::model::fused {

#ifdef QS_CUDA_KERNELS

bool builtIn()
{
    return true;
}

torch::Tensor rmsNorm(const torch::Tensor& x, const torch::Tensor& weight, double eps)
{
    if (!kernelsTake({&x, &weight}))
        return {};
    const c10::cuda::CUDAGuard guard(x.device());
    torch::Tensor out = torch::empty_like(x);
    const int64_t width = x.size(-1);
    kernels::rmsNorm(x.data_ptr(), weight.data_ptr(), x.numel() / width, width, float(eps), out.data_ptr(),
                     halfTypeOf(x.scalar_type()), currentStream());
    return out;
}

std::pair<torch::Tensor, torch::Tensor> addRmsNorm(const torch::Tensor& x, const torch::Tensor& delta,
                                                   const torch::Tensor& weight, double eps)
{
    if (!kernelsTake({&x, &delta, &weight}) || x.sizes() != delta.sizes() || weight.dim() != 1 ||
        weight.size(0) != x.size(-1))
        return {};
    const c10::cuda::CUDAGuard guard(x.device());
    torch::Tensor residual = torch::empty_like(x);
    torch::Tensor out = torch::empty_like(x);
    const int64_t width = x.size(-1);
    kernels::addRmsNorm(x.data_ptr(), delta.data_ptr(), weight.data_ptr(), x.numel() / width, width, float(eps),
                        residual.data_ptr(), out.data_ptr(), halfTypeOf(x.scalar_type()), currentStream());
    return {residual, out};
}

torch::Tensor rotary(const torch::Tensor& x, const RotaryTables& rope)
{
    if (x.dim() != 4 || !kernelsTake({&x, &rope.cos, &rope.sin}) || rope.cos.size(0) != x.size(1))
        return {};
    const c10::cuda::CUDAGuard guard(x.device());
    torch::Tensor out = torch::empty_like(x);
    kernels::rotary(x.data_ptr(), rope.cos.data_ptr(), rope.sin.data_ptr(), x.size(0), x.size(1), x.size(2),
                    x.size(3), out.data_ptr(), halfTypeOf(x.scalar_type()), currentStream());
    return out;
}

torch::Tensor swiGlu(const torch::Tensor& gate, const torch::Tensor& up)
{
    if (!kernelsTake({&gate, &up}) || gate.sizes() != up.sizes())
        return {};
    const c10::cuda::CUDAGuard guard(gate.device());
    torch::Tensor out = torch::empty_like(gate);
    kernels::swiGlu(gate.data_ptr(), up.data_ptr(), gate.numel(), out.data_ptr(), halfTypeOf(gate.scalar_type()), currentStream());
    return out;
}

torch::Tensor rotaryIntoCache(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                              const RotaryTables& rope, torch::Tensor& keyCache, torch::Tensor& valueCache,
                              const torch::Tensor& position)
{
    if (q.dim() != 4 || q.size(1) != 1 || k.dim() != 4 || v.sizes() != k.sizes() || keyCache.dim() != 4 ||
        valueCache.sizes() != keyCache.sizes() || !kernelsTake({&q, &k, &v, &rope.cos, &rope.sin, &keyCache, &valueCache}))
        return {};
    const int64_t batch = q.size(0), heads = q.size(2), headDim = q.size(3);
    const int64_t kvHeads = k.size(2), capacity = keyCache.size(2);
    if (k.size(0) != batch || k.size(1) != 1 || k.size(3) != headDim || keyCache.size(0) != batch ||
        keyCache.size(1) != kvHeads || keyCache.size(3) != headDim || rope.cos.numel() != headDim ||
        position.scalar_type() != torch::kLong || position.numel() != 1 || position.device() != q.device())
        return {};
    const c10::cuda::CUDAGuard guard(q.device());
    torch::Tensor out = torch::empty_like(q);
    kernels::rotaryIntoCache(q.data_ptr(), k.data_ptr(), v.data_ptr(), rope.cos.data_ptr(), rope.sin.data_ptr(),
                             position.data_ptr<int64_t>(), batch, heads, kvHeads, headDim, capacity, out.data_ptr(),
                             keyCache.data_ptr(), valueCache.data_ptr(), halfTypeOf(q.scalar_type()), currentStream());
    return out.transpose(1, 2);
}

torch::Tensor decodeAttention(const torch::Tensor& q, const torch::Tensor& keys, const torch::Tensor& values,
                              const torch::Tensor& position, int64_t slidingWindow)
{
    if (q.dim() != 4 || q.size(2) != 1 || keys.dim() != 4 || values.sizes() != keys.sizes())
        return {};
    const int64_t batch = q.size(0), heads = q.size(1), headDim = q.size(3);
    const int64_t kvHeads = keys.size(1), capacity = keys.size(2);
    const torch::Tensor query = q.reshape({batch, heads, headDim});
    if (keys.size(0) != batch || keys.size(3) != headDim || !kernelsTake({&query, &keys, &values}) ||
        !kernels::decodeAttentionApplies(heads, kvHeads, capacity, headDim, query.data_ptr(), keys.data_ptr(),
                                         values.data_ptr()) ||
        position.scalar_type() != torch::kLong || position.numel() != 1 || position.device() != q.device())
        return {};
    const c10::cuda::CUDAGuard guard(q.device());
    torch::Tensor out = torch::empty({batch, heads, headDim}, q.options());
    kernels::decodeAttention(query.data_ptr(), keys.data_ptr(), values.data_ptr(), position.data_ptr<int64_t>(), batch,
                             heads, kvHeads, capacity, headDim, slidingWindow, float(1.0 / std::sqrt(double(headDim))),
                             out.data_ptr(), halfTypeOf(q.scalar_type()), currentStream());
    return out;
}

#else

bool builtIn()
{
    return false;
}

torch::Tensor rmsNorm(const torch::Tensor&, const torch::Tensor&, double)
{
    return {};
}

std::pair<torch::Tensor, torch::Tensor> addRmsNorm(const torch::Tensor&, const torch::Tensor&, const torch::Tensor&,
                                                   double)
{
    return {};
}

torch::Tensor rotary(const torch::Tensor&, const RotaryTables&)
{
    return {};
}

torch::Tensor rotaryIntoCache(const torch::Tensor&, const torch::Tensor&, const torch::Tensor&, const RotaryTables&,
                              torch::Tensor&, torch::Tensor&, const torch::Tensor&)
{
    return {};
}

torch::Tensor swiGlu(const torch::Tensor&, const torch::Tensor&)
{
    return {};
}

torch::Tensor decodeAttention(const torch::Tensor&, const torch::Tensor&, const torch::Tensor&, const torch::Tensor&,
                              int64_t)
{
    return {};
}

#endif

} // namespace qs::model::fused

#include "core/model/fused_training_ops_impl.h"

#ifdef QS_CUDA_KERNELS
#include "core/kernels/decoder_kernels.h"
#include "core/model/fused_ops_impl.h"
#include "core/model/kernel_launch_impl.h"
#endif

namespace qs::model::fused {

#ifdef QS_CUDA_KERNELS

namespace {

// Returns x itself as a second output, for the residual sum that also reads
// x: backward then adds that sum's gradient for x in the norm's kernel, where
// autograd would add the two gradients in a pass of its own.
struct TrainableRmsNorm : torch::autograd::Function<TrainableRmsNorm> {
    static torch::autograd::variable_list forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x,
                                                  const torch::Tensor& weight, double eps)
    {
        const c10::cuda::CUDAGuard guard(x.device());
        const int64_t width = x.size(-1);
        const int64_t rows = x.numel() / width;
        torch::Tensor out = torch::empty_like(x);
        torch::Tensor rstd = torch::empty({rows}, x.options().dtype(torch::kFloat32));
        kernels::rmsNorm(x.data_ptr(), weight.data_ptr(), rows, width, float(eps), out.data_ptr(), halfTypeOf(x.scalar_type()),
                         currentStream(), rstd.data_ptr<float>());
        ctx->save_for_backward({x, weight, rstd});
        return {out, x};
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list gradOutputs)
    {
        const torch::Tensor& gradResidual = gradOutputs[1];
        if (!gradOutputs[0].defined())
            return {gradResidual, torch::Tensor(), torch::Tensor()};
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor& x = saved[0];
        const torch::Tensor gradOut = gradOutputs[0].contiguous();
        const torch::Tensor residual = gradResidual.defined() ? gradResidual.contiguous() : torch::Tensor();
        const c10::cuda::CUDAGuard guard(x.device());
        const int64_t width = x.size(-1);
        torch::Tensor gradX = torch::empty_like(x);
        kernels::rmsNormBackward(gradOut.data_ptr(), x.data_ptr(), saved[1].data_ptr(), saved[2].data_ptr<float>(),
                                 residual.defined() ? residual.data_ptr() : nullptr, x.numel() / width, width,
                                 gradX.data_ptr(), halfTypeOf(x.scalar_type()), currentStream());
        return {gradX, torch::Tensor(), torch::Tensor()};
    }
};

struct TrainableSwiGlu : torch::autograd::Function<TrainableSwiGlu> {
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& gate,
                                 const torch::Tensor& up)
    {
        const c10::cuda::CUDAGuard guard(gate.device());
        torch::Tensor out = torch::empty_like(gate);
        kernels::swiGlu(gate.data_ptr(), up.data_ptr(), gate.numel(), out.data_ptr(), halfTypeOf(gate.scalar_type()),
                        currentStream());
        ctx->save_for_backward({gate, up});
        return out;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list gradOutputs)
    {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor& gate = saved[0];
        const torch::Tensor gradOut = gradOutputs[0].contiguous();
        const c10::cuda::CUDAGuard guard(gate.device());
        torch::Tensor gradGate = torch::empty_like(gate);
        torch::Tensor gradUp = torch::empty_like(gate);
        kernels::swiGluBackward(gradOut.data_ptr(), gate.data_ptr(), saved[1].data_ptr(), gate.numel(),
                                gradGate.data_ptr(), gradUp.data_ptr(), halfTypeOf(gate.scalar_type()),
                                currentStream());
        return {gradGate, gradUp};
    }
};

struct TrainableRotary : torch::autograd::Function<TrainableRotary> {
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x,
                                 const torch::Tensor& cos, const torch::Tensor& sin)
    {
        ctx->save_for_backward({cos, sin});
        return rotary(x, {cos, sin});
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list gradOutputs)
    {
        const auto saved = ctx->get_saved_variables();
        return {rotary(gradOutputs[0].contiguous(), {saved[0], saved[1].neg()}), torch::Tensor(), torch::Tensor()};
    }
};

} // namespace

torch::Tensor rotaryWithGradient(const torch::Tensor& x, const RotaryTables& rope)
{
    if (x.dim() != 4 || !kernelsTake({&x, &rope.cos, &rope.sin}) || rope.cos.size(0) != x.size(1) ||
        rope.cos.requires_grad() || rope.sin.requires_grad())
        return {};
    return TrainableRotary::apply(x, rope.cos, rope.sin);
}

torch::Tensor swiGluWithGradient(const torch::Tensor& gate, const torch::Tensor& up)
{
    if (!kernelsTake({&gate, &up}) || gate.sizes() != up.sizes() || gate.numel() == 0)
        return {};
    return TrainableSwiGlu::apply(gate, up);
}

NormedWithResidual rmsNormWithGradient(const torch::Tensor& x, const torch::Tensor& weight, double eps)
{
    if (!kernelsTake({&x, &weight}) || weight.dim() != 1 || weight.size(0) != x.size(-1) || weight.requires_grad() ||
        x.numel() == 0)
        return {};
    const torch::autograd::variable_list outputs = TrainableRmsNorm::apply(x, weight, eps);
    return {outputs[0], outputs[1]};
}

#else

NormedWithResidual rmsNormWithGradient(const torch::Tensor&, const torch::Tensor&, double)
{
    return {};
}

torch::Tensor swiGluWithGradient(const torch::Tensor&, const torch::Tensor&)
{
    return {};
}

torch::Tensor rotaryWithGradient(const torch::Tensor&, const RotaryTables&)
{
    return {};
}

#endif

} // namespace qs::model::fused

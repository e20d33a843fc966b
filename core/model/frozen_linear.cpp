#include "core/model/frozen_linear_impl.h"

#include "core/model/fused_projection_impl.h"

#include "core/base/error.h"

namespace qs::model {
namespace {

int64_t bytesOf(const torch::Tensor& t)
{
    return t.defined() ? t.numel() * int64_t(t.element_size()) : 0;
}

// y = x Wᵀ with W as weight() gives it (a quantized W dequantized for the product
// only); backward forms W again for dL/dx and gives W no gradient. Without
// `valueWanted`, y is zeros and only the backward is real (gradientOnly).
struct FrozenMatmul : torch::autograd::Function<FrozenMatmul> {
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x, const FrozenLinear* layer,
                                 bool valueWanted)
    {
        ctx->saved_data["layer"] = reinterpret_cast<int64_t>(layer);
        if (!valueWanted) {
            std::vector<int64_t> shape = x.sizes().vec();
            shape.back() = layer->outFeatures();
            return torch::zeros({}, x.options()).expand(shape); // stores nothing
        }
        return torch::matmul(x, layer->weight(x.scalar_type()).t());
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list gradOutputs)
    {
        const auto* layer = reinterpret_cast<const FrozenLinear*>(ctx->saved_data["layer"].toInt());
        const torch::Tensor& gradY = gradOutputs[0]; // [..., out]
        return {torch::matmul(gradY, layer->weight(gradY.scalar_type())), torch::Tensor(), torch::Tensor()};
    }
};

// The fused kernel has no backward: only where no gradient flows back to x.
bool noGradientWanted(const torch::Tensor& x)
{
    return !torch::GradMode::is_enabled() || !x.requires_grad();
}

} // namespace

FrozenLinear FrozenLinear::shaped(int64_t out, int64_t in, torch::ScalarType computeDtype, torch::Tensor bias)
{
    FrozenLinear layer;
    layer.m_out = out;
    layer.m_in = in;
    layer.m_computeDtype = computeDtype;
    layer.m_bias = std::move(bias);
    return layer;
}

FrozenLinear FrozenLinear::dense(torch::Tensor weight, torch::Tensor bias)
{
    FrozenLinear layer = shaped(weight.size(0), weight.size(1), weight.scalar_type(), std::move(bias));
    layer.m_dense = std::move(weight);
    return layer;
}

FrozenLinear FrozenLinear::nf4(Nf4Tensor weight, torch::Tensor bias, torch::ScalarType computeDtype)
{
    FrozenLinear layer = shaped(weight.shape.at(0), weight.shape.at(1), computeDtype, std::move(bias));
    layer.m_nf4 = std::move(weight);
    return layer;
}

FrozenLinear FrozenLinear::int8(Int8Tensor weight, torch::Tensor bias, torch::ScalarType computeDtype)
{
    FrozenLinear layer = shaped(weight.codes.size(0), weight.codes.size(1), computeDtype, std::move(bias));
    layer.m_int8 = std::move(weight);
    return layer;
}

torch::Tensor FrozenLinear::forward(const torch::Tensor& x) const
{
    if (noGradientWanted(x))
        if (std::vector<torch::Tensor> fused = fused::projectEach(x, {this}); !fused.empty())
            return fused.front();
    if (!quantized())
        return torch::linear(x, m_dense, m_bias);
    const torch::Tensor y = FrozenMatmul::apply(x, this, /*valueWanted=*/true);
    return m_bias.defined() ? y + m_bias : y;
}

torch::Tensor FrozenLinear::gradientOnly(const torch::Tensor& x) const
{
    return FrozenMatmul::apply(x, this, /*valueWanted=*/false);
}

std::vector<torch::Tensor> FrozenLinear::forwardEach(const torch::Tensor& x,
                                                     const std::vector<const FrozenLinear*>& layers)
{
    if (noGradientWanted(x))
        if (std::vector<torch::Tensor> fused = fused::projectEach(x, layers); !fused.empty())
            return fused;
    std::vector<torch::Tensor> outputs;
    for (const FrozenLinear* layer : layers)
        outputs.push_back(layer->forward(x));
    return outputs;
}

torch::Tensor FrozenLinear::weight(torch::ScalarType dtype) const
{
    if (m_nf4)
        return dequantizeNf4(*m_nf4, dtype);
    if (m_int8)
        return dequantizeInt8(*m_int8, dtype);
    return m_dense.to(dtype);
}

void FrozenLinear::setDenseWeight(torch::Tensor weight)
{
    if (quantized())
        throw Error("A quantized weight cannot be replaced", "", "load the model in fp16, bf16 or fp32");
    m_dense = std::move(weight);
}

int64_t FrozenLinear::storageBytes() const
{
    int64_t bytes = bytesOf(m_dense) + bytesOf(m_bias);
    if (m_nf4)
        bytes += bytesOf(m_nf4->codes) + bytesOf(m_nf4->constantCodes) + bytesOf(m_nf4->constantScales);
    if (m_int8)
        bytes += bytesOf(m_int8->codes) + bytesOf(m_int8->scales);
    return bytes;
}

} // namespace qs::model

// A frozen projection weight as loaded: dense (fp32, fp16, bf16) or quantized
// (nf4, int8). Quantized weights are multiplied through a custom autograd
// function that dequantizes in forward and again in backward, so no
// dequantized copy outlives the matrix product; frozen weights never get
// gradients. Torch types: only core includes this header.
#pragma once

#include "core/model/int8_impl.h"
#include "core/model/nf4_impl.h"

#include <optional>
#include <vector>

namespace qs::model {

class FrozenLinear {
public:
    FrozenLinear() = default;
    // weight: [out, in] in the compute dtype; bias: [out] or undefined.
    static FrozenLinear dense(torch::Tensor weight, torch::Tensor bias);
    static FrozenLinear nf4(Nf4Tensor weight, torch::Tensor bias, torch::ScalarType computeDtype);
    static FrozenLinear int8(Int8Tensor weight, torch::Tensor bias, torch::ScalarType computeDtype);

    // x: [..., in] → [..., out], in the compute dtype.
    torch::Tensor forward(const torch::Tensor& x) const;
    // forward() of each layer on the same x; one fused launch for all where it
    // applies (decoding on the GPU, core/model/fused_projection_impl.h).
    static std::vector<torch::Tensor> forwardEach(const torch::Tensor& x, const std::vector<const FrozenLinear*>& layers);
    // Zeros shaped as forward(x), with forward(x)'s gradient for x: the backward
    // of a product whose value nobody reads (the last projection of a
    // recomputed layer), without computing it.
    torch::Tensor gradientOnly(const torch::Tensor& x) const;
    // The weight [out, in] (dequantized for nf4/int8).
    torch::Tensor weight(torch::ScalarType dtype) const;
    // Replaces a dense weight (merging an adapter); throws for quantized ones.
    void setDenseWeight(torch::Tensor weight);

    // The stored weight: one of the three is set.
    const torch::Tensor& denseWeight() const { return m_dense; }
    const Nf4Tensor* nf4Weight() const { return m_nf4 ? &*m_nf4 : nullptr; }
    const Int8Tensor* int8Weight() const { return m_int8 ? &*m_int8 : nullptr; }
    const torch::Tensor& bias() const { return m_bias; }

    bool quantized() const { return m_nf4.has_value() || m_int8.has_value(); }
    int64_t inFeatures() const { return m_in; }
    int64_t outFeatures() const { return m_out; }
    torch::ScalarType computeDtype() const { return m_computeDtype; }
    int64_t storageBytes() const; // weight (with its quantization constants) and bias

private:
    static FrozenLinear shaped(int64_t out, int64_t in, torch::ScalarType computeDtype, torch::Tensor bias);

    torch::Tensor m_dense;
    std::optional<Nf4Tensor> m_nf4;
    std::optional<Int8Tensor> m_int8;
    torch::Tensor m_bias;
    torch::ScalarType m_computeDtype = torch::kFloat32;
    int64_t m_in = 0;
    int64_t m_out = 0;
};

} // namespace qs::model

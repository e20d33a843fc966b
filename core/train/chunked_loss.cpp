#include "core/train/chunked_loss_impl.h"

#include "core/train/fused_cross_entropy_impl.h"

namespace qs::train {
namespace {

using torch::autograd::AutogradContext;

// libtorch's summed cross-entropy of the logits, widened to fp32.
torch::Tensor crossEntropy(const torch::Tensor& logits, const torch::Tensor& targets)
{
    return torch::nn::functional::cross_entropy(logits.to(torch::kFloat32), targets,
                                                torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
}

torch::Tensor chunkLoss(const model::Decoder& decoder, const torch::Tensor& hidden, const torch::Tensor& targets)
{
    const torch::Tensor logits = decoder.logits(hidden);
    if (fusedCrossEntropyTakes(logits))
        return fusedCrossEntropy(logits, targets, {}).sum();
    return crossEntropy(logits, targets);
}

// d(chunk loss)/d(rows) for a chunk of rows, with the loss's own gradient `scale`.
torch::Tensor chunkGradient(const model::Decoder& decoder, const torch::Tensor& rows, const torch::Tensor& targets,
                            const torch::Tensor& scale, torch::Tensor* loss = nullptr)
{
    const torch::Tensor input = rows.detach().requires_grad_();
    const torch::AutoGradMode enableGrad(true);
    const torch::Tensor logits = decoder.logits(input);
    if (fusedCrossEntropyTakes(logits)) {
        // The kernel writes the logits' gradient over them.
        const torch::Tensor rowLoss = fusedCrossEntropy(logits, targets, scale);
        if (loss)
            *loss = rowLoss.sum();
        return torch::autograd::grad({logits}, {input}, {logits.detach()})[0];
    }
    const torch::Tensor chunk = crossEntropy(logits, targets);
    if (loss)
        *loss = chunk.detach();
    return torch::autograd::grad({chunk}, {input}, {scale})[0];
}

// With `gradientInForward`, forward computes each chunk's gradient (for a loss
// gradient of 1) while its logits exist, and backward only scales it: one
// lm_head product and one softmax per chunk fewer. fp16 recomputes in backward
// instead, where the loss scaler's factor keeps small gradients representable.
struct ChunkedCrossEntropy : torch::autograd::Function<ChunkedCrossEntropy> {
    static torch::Tensor forward(AutogradContext* context, const torch::Tensor& hidden, const torch::Tensor& targets,
                                 const model::Decoder* decoder, int64_t chunkRows, bool gradientInForward)
    {
        context->saved_data["decoder"] = reinterpret_cast<int64_t>(decoder);
        context->saved_data["chunk"] = chunkRows;
        torch::Tensor total = torch::zeros({}, hidden.options().dtype(torch::kFloat32));
        if (gradientInForward) {
            const torch::Tensor one = torch::ones({}, total.options());
            torch::Tensor gradHidden = torch::empty_like(hidden);
            for (int64_t start = 0; start < hidden.size(0); start += chunkRows) {
                torch::Tensor loss;
                gradHidden.slice(0, start, start + chunkRows)
                    .copy_(chunkGradient(*decoder, hidden.slice(0, start, start + chunkRows),
                                         targets.slice(0, start, start + chunkRows), one, &loss));
                total += loss;
            }
            context->saved_data["gradient"] = gradHidden;
            return total;
        }
        context->save_for_backward({hidden, targets});
        const torch::NoGradGuard noGrad;
        for (int64_t start = 0; start < hidden.size(0); start += chunkRows)
            total += chunkLoss(*decoder, hidden.slice(0, start, start + chunkRows),
                               targets.slice(0, start, start + chunkRows));
        return total;
    }

    static torch::autograd::tensor_list backward(AutogradContext* context, torch::autograd::tensor_list outputs)
    {
        // targets, decoder, chunkRows and gradientInForward get no gradient.
        if (context->saved_data.count("gradient"))
            return {context->saved_data["gradient"].toTensor().mul_(outputs[0]), {}, {}, {}, {}};
        const auto saved = context->get_saved_variables();
        const torch::Tensor& hidden = saved[0];
        const torch::Tensor& targets = saved[1];
        const auto* decoder = reinterpret_cast<const model::Decoder*>(context->saved_data["decoder"].toInt());
        const int64_t chunkRows = context->saved_data["chunk"].toInt();
        torch::Tensor gradHidden = torch::empty_like(hidden);
        for (int64_t start = 0; start < hidden.size(0); start += chunkRows)
            gradHidden.slice(0, start, start + chunkRows)
                .copy_(chunkGradient(*decoder, hidden.slice(0, start, start + chunkRows),
                                     targets.slice(0, start, start + chunkRows), outputs[0]));
        return {gradHidden, {}, {}, {}, {}};
    }
};

} // namespace

bool gradientInForward(const torch::Tensor& hidden)
{
    return torch::GradMode::is_enabled() && hidden.requires_grad() && hidden.scalar_type() != torch::kHalf;
}

torch::Tensor chunkedCrossEntropy(const model::Decoder& decoder, const torch::Tensor& hidden,
                                  const torch::Tensor& targets, int64_t chunkRows, bool inForward)
{
    return ChunkedCrossEntropy::apply(hidden, targets, &decoder, chunkRows, inForward);
}

} // namespace qs::train

#include "core/train/chunked_loss_impl.h"

namespace qs::train {
namespace {

using torch::autograd::AutogradContext;

torch::Tensor chunkLoss(const model::Decoder& decoder, const torch::Tensor& hidden, const torch::Tensor& targets)
{
    const torch::Tensor logits = decoder.logits(hidden).to(torch::kFloat32);
    return torch::nn::functional::cross_entropy(
        logits, targets, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
}

struct ChunkedCrossEntropy : torch::autograd::Function<ChunkedCrossEntropy> {
    static torch::Tensor forward(AutogradContext* context, const torch::Tensor& hidden, const torch::Tensor& targets,
                                 const model::Decoder* decoder, int64_t chunkRows)
    {
        context->save_for_backward({hidden, targets});
        context->saved_data["decoder"] = reinterpret_cast<int64_t>(decoder);
        context->saved_data["chunk"] = chunkRows;
        torch::NoGradGuard noGrad;
        torch::Tensor total = torch::zeros({}, hidden.options().dtype(torch::kFloat32));
        for (int64_t start = 0; start < hidden.size(0); start += chunkRows)
            total += chunkLoss(*decoder, hidden.slice(0, start, start + chunkRows),
                               targets.slice(0, start, start + chunkRows));
        return total;
    }

    static torch::autograd::tensor_list backward(AutogradContext* context, torch::autograd::tensor_list outputs)
    {
        const auto saved = context->get_saved_variables();
        const torch::Tensor& hidden = saved[0];
        const torch::Tensor& targets = saved[1];
        const auto* decoder = reinterpret_cast<const model::Decoder*>(context->saved_data["decoder"].toInt());
        const int64_t chunkRows = context->saved_data["chunk"].toInt();
        torch::Tensor gradHidden = torch::empty_like(hidden);
        for (int64_t start = 0; start < hidden.size(0); start += chunkRows) {
            const torch::Tensor rows = hidden.slice(0, start, start + chunkRows).detach().requires_grad_();
            torch::Tensor loss;
            {
                const torch::AutoGradMode enableGrad(true);
                loss = chunkLoss(*decoder, rows, targets.slice(0, start, start + chunkRows));
            }
            gradHidden.slice(0, start, start + chunkRows).copy_(torch::autograd::grad({loss}, {rows}, {outputs[0]})[0]);
        }
        return {gradHidden, torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

} // namespace

torch::Tensor chunkedCrossEntropy(const model::Decoder& decoder, const torch::Tensor& hidden,
                                  const torch::Tensor& targets, int64_t chunkRows)
{
    return ChunkedCrossEntropy::apply(hidden, targets, &decoder, chunkRows);
}

} // namespace qs::train

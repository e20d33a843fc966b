#include "core/train/layer_recompute_impl.h"

#include "core/model/seeded_dropout_impl.h"

namespace qs::train {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// The projections a part runs.
std::vector<const model::Projection*> partProjections(const model::DecoderLayer& layer, LayerPart part)
{
    std::vector<const model::Projection*> projections;
    if (part != LayerPart::FeedForward)
        projections.insert(projections.end(), {&layer.q, &layer.k, &layer.v, &layer.o});
    if (part != LayerPart::Attention)
        projections.insert(projections.end(), {&layer.gate, &layer.up, &layer.down});
    return projections;
}

// The salt of a residual step's dropout masks: each step of each layer its own.
uint64_t dropoutSalt(size_t index, LayerPart part)
{
    return uint64_t(index) * 2 + (part == LayerPart::FeedForward ? 1 : 0);
}

struct RecomputedLayerPart : torch::autograd::Function<RecomputedLayerPart> {
    static torch::Tensor forward(AutogradContext* context, const torch::Tensor& x, torch::TensorList loraWeights,
                                 const model::Decoder* decoder, int64_t index, int64_t part,
                                 const model::RotaryTables* rope, const torch::Tensor& dropoutSeed,
                                 CheckpointOffload* offload)
    {
        (void)loraWeights; // inputs only so that autograd routes their gradients here
        context->saved_data["decoder"] = reinterpret_cast<int64_t>(decoder);
        context->saved_data["index"] = index;
        context->saved_data["part"] = part;
        context->saved_data["seed"] = dropoutSeed;
        context->saved_data["cos"] = rope->cos;
        context->saved_data["sin"] = rope->sin;
        // Offloaded before the part runs, so that the copy overlaps its computation.
        const bool offloaded = offload && x.is_cuda();
        if (offloaded) {
            offload->store(size_t(index), x);
            context->saved_data["offload"] = reinterpret_cast<int64_t>(offload);
        }
        // The attention step's checkpoint keeps q, k and v too (offloaded checkpoints are
        // whole layers): the recomputation runs their products for the gradients only.
        model::LayerAttentionInputs kept;
        const torch::Tensor y = runLayerPart(*decoder, size_t(index), LayerPart(part), x, *rope, dropoutSeed,
                                             model::FrozenProduct::Computed,
                                             LayerPart(part) == LayerPart::Attention ? &kept : nullptr);
        if (kept.q.defined())
            context->save_for_backward({x, kept.q, kept.k, kept.v});
        else if (!offloaded)
            context->save_for_backward({x});
        return y;
    }

    static variable_list backward(AutogradContext* context, variable_list outputGradients)
    {
        const auto* decoder = reinterpret_cast<const model::Decoder*>(context->saved_data["decoder"].toInt());
        const size_t index = size_t(context->saved_data["index"].toInt());
        const auto part = LayerPart(context->saved_data["part"].toInt());
        const model::RotaryTables rope{context->saved_data["cos"].toTensor(), context->saved_data["sin"].toTensor()};
        torch::Tensor x;
        model::LayerAttentionInputs kept;
        if (context->saved_data.count("offload")) {
            x = reinterpret_cast<CheckpointOffload*>(context->saved_data["offload"].toInt())->fetch(index);
        } else {
            const variable_list saved = context->get_saved_variables();
            x = saved[0];
            if (saved.size() == 4)
                kept = {saved[1], saved[2], saved[3]};
        }
        x = x.detach().requires_grad_(true);

        std::vector<torch::Tensor> inputs = partLoraWeights(decoder->layers[index], part);
        inputs.insert(inputs.begin(), x);
        torch::Tensor y;
        {
            torch::AutoGradMode gradients(true);
            // Its value is not needed, only its gradients.
            y = runLayerPart(*decoder, index, part, x, rope, context->saved_data["seed"].toTensor(),
                             model::FrozenProduct::GradientOnly, kept.q.defined() ? &kept : nullptr);
        }
        variable_list gradients = torch::autograd::grad({y}, inputs, {outputGradients[0]}, /*retain_graph=*/false,
                                                        /*create_graph=*/false, /*allow_unused=*/true);
        // decoder, index, part, rope, seed and offload get no gradient.
        gradients.resize(gradients.size() + 6);
        return gradients;
    }
};

} // namespace

std::vector<torch::Tensor> partLoraWeights(const model::DecoderLayer& layer, LayerPart part)
{
    std::vector<torch::Tensor> weights;
    for (const model::Projection* p : partProjections(layer, part))
        if (p->lora) {
            weights.push_back(p->lora->a);
            weights.push_back(p->lora->b);
        }
    return weights;
}

torch::Tensor runLayerPart(const model::Decoder& decoder, size_t index, LayerPart part, const torch::Tensor& x,
                           const model::RotaryTables& rope, const torch::Tensor& dropoutSeed, model::FrozenProduct last,
                           model::LayerAttentionInputs* kept)
{
    const model::DecoderLayer& layer = decoder.layers[index];
    switch (part) {
    case LayerPart::Attention: {
        const model::DropoutScope masks(dropoutSeed, dropoutSalt(index, part));
        return decoder.attentionResidual(layer, x, rope, last, kept);
    }
    case LayerPart::FeedForward: {
        const model::DropoutScope masks(dropoutSeed, dropoutSalt(index, part));
        return decoder.feedForwardResidual(layer, x, last);
    }
    case LayerPart::Whole:
        break;
    }
    const torch::Tensor h = runLayerPart(decoder, index, LayerPart::Attention, x, rope, dropoutSeed);
    return runLayerPart(decoder, index, LayerPart::FeedForward, h, rope, dropoutSeed, last);
}

torch::Tensor recomputedLayerPart(const model::Decoder& decoder, size_t index, LayerPart part, const torch::Tensor& x,
                                  const model::RotaryTables& rope, const torch::Tensor& dropoutSeed,
                                  CheckpointOffload* offload)
{
    const std::vector<torch::Tensor> weights = partLoraWeights(decoder.layers[index], part);
    // An explicit TensorList: a std::vector would be taken for a non-tensor argument.
    return RecomputedLayerPart::apply(x, torch::TensorList(weights), &decoder, int64_t(index), int64_t(part), &rope,
                                      dropoutSeed, offload);
}

} // namespace qs::train

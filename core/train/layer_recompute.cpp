#include "core/train/layer_recompute_impl.h"

#include <cstring>

namespace qs::train {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// Saved in the autograd context, which holds IValues: the decoder and the
// offload by address (they outlive the graph), the seed by its bits.
int64_t seedBits(uint64_t seed)
{
    int64_t bits;
    std::memcpy(&bits, &seed, sizeof bits);
    return bits;
}

uint64_t seedFromBits(int64_t bits)
{
    uint64_t seed;
    std::memcpy(&seed, &bits, sizeof seed);
    return seed;
}

struct RecomputedLayer : torch::autograd::Function<RecomputedLayer> {
    static torch::Tensor forward(AutogradContext* context, const torch::Tensor& x, torch::TensorList loraWeights,
                                 const model::Decoder* decoder, int64_t index, const model::RotaryTables* rope,
                                 uint64_t dropoutSeed, CheckpointOffload* offload)
    {
        (void)loraWeights; // inputs only so that autograd routes their gradients here
        context->saved_data["decoder"] = reinterpret_cast<int64_t>(decoder);
        context->saved_data["index"] = index;
        context->saved_data["seed"] = seedBits(dropoutSeed);
        context->saved_data["cos"] = rope->cos;
        context->saved_data["sin"] = rope->sin;
        if (offload && x.is_cuda()) {
            offload->store(size_t(index), x);
            context->saved_data["offload"] = reinterpret_cast<int64_t>(offload);
        } else {
            context->save_for_backward({x});
        }
        seedLayerDropout(decoder->layers[size_t(index)], dropoutSeed);
        return decoder->layer(decoder->layers[size_t(index)], x, *rope);
    }

    static variable_list backward(AutogradContext* context, variable_list outputGradients)
    {
        const auto* decoder = reinterpret_cast<const model::Decoder*>(context->saved_data["decoder"].toInt());
        const model::DecoderLayer& layer = decoder->layers[size_t(context->saved_data["index"].toInt())];
        const model::RotaryTables rope{context->saved_data["cos"].toTensor(), context->saved_data["sin"].toTensor()};
        torch::Tensor x;
        if (context->saved_data.count("offload"))
            x = reinterpret_cast<CheckpointOffload*>(context->saved_data["offload"].toInt())
                    ->fetch(size_t(context->saved_data["index"].toInt()));
        else
            x = context->get_saved_variables()[0];
        x = x.detach().requires_grad_(true);

        std::vector<torch::Tensor> inputs = layerLoraWeights(layer);
        inputs.insert(inputs.begin(), x);
        torch::Tensor y;
        {
            torch::AutoGradMode gradients(true);
            seedLayerDropout(layer, seedFromBits(context->saved_data["seed"].toInt()));
            y = decoder->layerGradientGraph(layer, x, rope); // its value is not needed, only its gradients
        }
        variable_list gradients = torch::autograd::grad({y}, inputs, {outputGradients[0]}, /*retain_graph=*/false,
                                                        /*create_graph=*/false, /*allow_unused=*/true);
        // decoder, index, rope, seed and offload get no gradient.
        gradients.resize(gradients.size() + 5);
        return gradients;
    }
};

} // namespace

std::vector<torch::Tensor> layerLoraWeights(const model::DecoderLayer& layer)
{
    std::vector<torch::Tensor> weights;
    for (const model::Projection* p : layer.projections())
        if (p->lora) {
            weights.push_back(p->lora->a);
            weights.push_back(p->lora->b);
        }
    return weights;
}

void seedLayerDropout(const model::DecoderLayer& layer, uint64_t dropoutSeed)
{
    for (const model::Projection* p : layer.projections())
        if (p->lora && p->lora->dropout > 0) {
            torch::manual_seed(dropoutSeed);
            return;
        }
}

torch::Tensor recomputedLayer(const model::Decoder& decoder, size_t index, const torch::Tensor& x,
                              const model::RotaryTables& rope, uint64_t dropoutSeed, CheckpointOffload* offload)
{
    const std::vector<torch::Tensor> weights = layerLoraWeights(decoder.layers[index]);
    // An explicit TensorList: a std::vector would be taken for a non-tensor argument.
    return RecomputedLayer::apply(x, torch::TensorList(weights), &decoder, int64_t(index), &rope, dropoutSeed, offload);
}

} // namespace qs::train

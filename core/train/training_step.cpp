#include "core/train/training_step_impl.h"

#include "core/train/chunked_loss_impl.h"
#include "core/train/layer_recompute_impl.h"

namespace qs::train {

namespace {

// To a GPU from pinned memory without waiting: the host goes on issuing while
// the GPU still runs the step before (libtorch keeps the pinned block until the
// copy has run).
torch::Tensor toDevice(const torch::Tensor& host, const torch::Device& device)
{
    return device.is_cuda() ? host.pin_memory().to(device, /*non_blocking=*/true) : host.to(device);
}

// The same into a tensor that stays in place (a recording's input).
void copyFromHost(torch::Tensor& target, const torch::Tensor& host)
{
    if (target.is_cuda())
        target.copy_(host.pin_memory(), /*non_blocking=*/true);
    else
        target.copy_(host);
}

// Trained positions and their targets from flat labels, padded to `count` entries.
void setTargets(HostBatch& batch, const torch::Tensor& flatLabels, int64_t count)
{
    const torch::Tensor rows = flatLabels.ne(kIgnoredLabel).nonzero().reshape({-1});
    const int64_t trained = rows.size(0);
    batch.trainedRows = torch::zeros({std::max(trained, count)}, torch::kLong);
    batch.targets = torch::full({std::max(trained, count)}, kIgnoredLabel, torch::kLong);
    batch.trainedRows.slice(0, 0, trained).copy_(rows);
    batch.targets.slice(0, 0, trained).copy_(flatLabels.index_select(0, rows));
}

} // namespace

HostBatch makeHostBatch(const TrainingSet& set, const std::vector<size_t>& members, int64_t padId,
                        const BatchShape& shape)
{
    size_t longest = 0;
    for (const size_t m : members)
        longest = std::max(longest, set.examples[m].ids.size());
    const int64_t rows = std::max(int64_t(members.size()), shape.rows);
    const int64_t length = std::max(int64_t(longest), shape.length);
    torch::Tensor ids = torch::full({rows, length}, padId, torch::kLong);
    torch::Tensor labels = torch::full({rows, length - 1}, kIgnoredLabel, torch::kLong);
    auto idView = ids.accessor<int64_t, 2>();
    auto labelView = labels.accessor<int64_t, 2>();
    HostBatch batch;
    for (size_t r = 0; r < members.size(); ++r) {
        const TokenizedExample& example = set.examples[members[r]];
        for (size_t t = 0; t < example.ids.size(); ++t) {
            idView[int64_t(r)][int64_t(t)] = example.ids[t];
            if (t > 0 && example.trained[t])
                labelView[int64_t(r)][int64_t(t) - 1] = example.ids[t];
        }
        batch.tokens += int64_t(example.ids.size());
    }
    batch.ids = ids;
    setTargets(batch, labels.reshape({-1}), shape.trained);
    return batch;
}

HostBatch hostBatch(const torch::Tensor& ids, const torch::Tensor& labels, int64_t tokens)
{
    HostBatch batch;
    batch.ids = ids.to(torch::kLong).contiguous();
    batch.tokens = tokens;
    setTargets(batch, labels.to(torch::kLong).reshape({-1}), 0);
    return batch;
}

Batch toDevice(const HostBatch& batch, const torch::Device& device)
{
    return {toDevice(batch.ids, device), toDevice(batch.trainedRows, device), toDevice(batch.targets, device),
            batch.tokens};
}

void copyInto(Batch& target, const HostBatch& batch)
{
    copyFromHost(target.ids, batch.ids);
    copyFromHost(target.trainedRows, batch.trainedRows);
    copyFromHost(target.targets, batch.targets);
    target.tokens = batch.tokens;
}

Batch makeBatch(const TrainingSet& set, const std::vector<size_t>& members, int64_t padId, const torch::Device& device)
{
    return toDevice(makeHostBatch(set, members, padId), device);
}

Batch deviceBatch(const torch::Tensor& ids, const torch::Tensor& labels, int64_t tokens, const torch::Device& device)
{
    return toDevice(hostBatch(ids, labels, tokens), device);
}

// Right padding needs no attention mask: with causal attention no real token
// sees a pad. The lm_head runs only on the positions that carry a label, in
// chunks (chunked_loss_impl.h), picked by positions the host already knows —
// a boolean mask would make the host wait for the GPU to count them, and a
// recorded step (CUDA graph) cannot wait.
torch::Tensor summedLoss(const model::Decoder& decoder, const Batch& batch, const model::Decoder::LayerRunner& runLayer)
{
    const torch::Tensor hidden = decoder.hidden(batch.ids, runLayer);
    const torch::Tensor predicting =
        hidden.slice(1, 0, hidden.size(1) - 1).reshape({-1, hidden.size(2)}); // [batch × (seq - 1), hidden]
    const torch::Tensor rows = predicting.index_select(0, batch.trainedRows);
    return chunkedCrossEntropy(decoder, rows, batch.targets,
                               lossChunkRows(decoder.config.vocabSize), gradientInForward(rows));
}

model::Decoder::LayerRunner trainingLayerRunner(const model::Decoder& decoder, GradCheckpointing mode,
                                                torch::Tensor dropoutSeed)
{
    // Owned by the runner, which the callers keep until backward has run.
    auto offload = mode == GradCheckpointing::Offload ? std::make_shared<CheckpointOffload>() : nullptr;
    return [&decoder, mode, offload, seed = std::move(dropoutSeed)](size_t layer, const torch::Tensor& x,
                                                                    const model::RotaryTables& rope) {
        switch (mode) {
        case GradCheckpointing::Off:
            return runLayerPart(decoder, layer, LayerPart::Whole, x, rope, seed);
        case GradCheckpointing::On: { // h, q, k, v kept too: backward recomputes gate's and up's products only
            const torch::Tensor h = recomputedLayerPart(decoder, layer, LayerPart::Attention, x, rope, seed, nullptr);
            return recomputedLayerPart(decoder, layer, LayerPart::FeedForward, h, rope, seed, nullptr);
        }
        case GradCheckpointing::Lean:
        case GradCheckpointing::Offload: // the layer input alone (offload: in pinned CPU memory)
            break;
        }
        return recomputedLayerPart(decoder, layer, LayerPart::Whole, x, rope, seed, offload.get());
    };
}

torch::Tensor dropoutSeedTensor(uint64_t seed, const torch::Device& device)
{
    return torch::full({}, int64_t(seed), torch::TensorOptions().dtype(torch::kLong).device(device));
}

torch::Tensor gradientNorm(const std::vector<torch::Tensor>& grads, const torch::Device& device)
{
    torch::NoGradGuard noGrad;
    if (grads.empty())
        return torch::zeros({}, torch::TensorOptions().dtype(torch::kFloat32).device(device));
    std::vector<torch::Tensor> flattened; // one norm over all: a few kernels, not four per tensor
    for (const torch::Tensor& grad : grads)
        flattened.push_back(grad.to(device, torch::kFloat32).reshape({-1}));
    return torch::cat(flattened).norm();
}

} // namespace qs::train

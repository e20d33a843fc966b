#include "core/train/sft_data.h"

#include "core/base/error.h"
#include "core/base/seeded_shuffle.h"
#include "core/text/tokenizer.h"

#include <algorithm>
#include <numeric>

namespace qs::train {

int64_t trainedPositions(const TokenizedExample& example)
{
    return example.trained.empty() ? 0
                                   : std::accumulate(example.trained.begin() + 1, example.trained.end(), int64_t(0));
}

TrainingSet tokenizeForTraining(const std::vector<data::QaExample>& examples, const std::vector<size_t>& indices,
                                const text::Tokenizer& tokenizer, const SftOptions& options)
{
    if (options.maxSeqLen < 2)
        throw Error("max_seq_len must be at least 2", "", "typical values are 512 to 4096");
    TrainingSet set;
    for (const size_t index : indices) {
        const data::QaExample& example = examples.at(index);
        text::RenderedExample rendered = text::renderForTraining(
            options.promptTemplate, tokenizer, {example.system, example.instruction, example.input, example.output},
            options.trainOnPrompt);
        if (int64_t(rendered.ids.size()) > options.maxSeqLen) {
            ++set.truncated;
            rendered.ids.resize(size_t(options.maxSeqLen));
            rendered.trained.resize(size_t(options.maxSeqLen));
        }
        TokenizedExample tokenized{std::move(rendered.ids), std::move(rendered.trained), index};
        const int64_t trained = trainedPositions(tokenized);
        if (trained == 0) {
            ++set.withoutAnswer;
            continue;
        }
        set.trainedTokens += trained;
        set.examples.push_back(std::move(tokenized));
    }
    return set;
}

std::vector<std::vector<size_t>> lengthGroupedBatches(const std::vector<size_t>& lengths, size_t batchSize,
                                                      uint64_t seed, int64_t epoch)
{
    if (batchSize == 0)
        throw Error("The batch size must be at least 1");
    std::vector<size_t> order(lengths.size());
    std::iota(order.begin(), order.end(), size_t(0));
    const uint64_t epochSeed = seed * 0x100000001B3ULL + uint64_t(epoch);
    seededShuffle(order, epochSeed);

    const size_t window = batchSize * 32;
    std::vector<std::vector<size_t>> batches;
    for (size_t start = 0; start < order.size(); start += window) {
        const auto first = order.begin() + long(start);
        const auto last = order.begin() + long(std::min(order.size(), start + window));
        std::stable_sort(first, last, [&](size_t a, size_t b) { return lengths[a] > lengths[b]; });
        for (auto it = first; it < last; it += long(std::min<size_t>(batchSize, size_t(last - it))))
            batches.emplace_back(it, it + long(std::min<size_t>(batchSize, size_t(last - it))));
    }
    seededShuffle(batches, ~epochSeed);
    const auto longest = std::max_element(batches.begin(), batches.end(), [&](const auto& a, const auto& b) {
        return lengths[a.front()] < lengths[b.front()];
    });
    if (longest != batches.end())
        std::iter_swap(batches.begin(), longest);
    return batches;
}

size_t paddedPositions(const std::vector<std::vector<size_t>>& batches, const std::vector<size_t>& lengths)
{
    size_t padded = 0;
    for (const auto& batch : batches) {
        size_t longest = 0;
        for (const size_t i : batch)
            longest = std::max(longest, lengths[i]);
        for (const size_t i : batch)
            padded += longest - lengths[i];
    }
    return padded;
}

} // namespace qs::train

// Supervised fine-tuning data: examples rendered in a prompt template and
// tokenized (loss on the answer and its end token, or on everything), cut at
// max_seq_len, and put into batches of similar length so that padding to the
// longest member wastes little. The order is fixed by the seed and the epoch.
#pragma once

#include "core/data/qa_example.h"
#include "core/text/prompt_template.h"

#include <cstdint>
#include <vector>

namespace qs::text {
class Tokenizer;
}

namespace qs::train {

struct TokenizedExample {
    std::vector<int32_t> ids;
    std::vector<uint8_t> trained; // 1 where the loss is computed
    size_t source = 0;            // index into the dataset
};

// Positions that carry the loss: the trained ones but the first token, which nothing predicts.
int64_t trainedPositions(const TokenizedExample& example);

struct TrainingSet {
    std::vector<TokenizedExample> examples;
    size_t truncated = 0;      // examples cut at max_seq_len (kept if an answer token survived)
    size_t withoutAnswer = 0;  // examples left out: nothing to learn after the cut
    int64_t trainedTokens = 0; // tokens carrying the loss, over all examples
};

struct SftOptions {
    text::PromptTemplate promptTemplate;
    int64_t maxSeqLen = 1024;
    bool trainOnPrompt = false;
};

// `indices` picks the examples (a split); every chosen example appears once.
TrainingSet tokenizeForTraining(const std::vector<data::QaExample>& examples, const std::vector<size_t>& indices,
                                const text::Tokenizer& tokenizer, const SftOptions& options);

// Batches of example positions (into TrainingSet::examples) for one epoch:
// shuffled by (seed, epoch), sorted by length inside windows of 32 batches,
// cut into batches, and the batches shuffled again — except that the longest
// batch comes first, so that running out of memory happens at once.
std::vector<std::vector<size_t>> lengthGroupedBatches(const std::vector<size_t>& lengths, size_t batchSize,
                                                      uint64_t seed, int64_t epoch);

// Padding positions of `batches` (each member right-padded to its batch's
// longest): what packing examples end to end could save.
size_t paddedPositions(const std::vector<std::vector<size_t>>& batches, const std::vector<size_t>& lengths);

} // namespace qs::train

// Text generation with a KV cache (the seed guide's step 5): the prompt is
// run once (prefill), then one token at a time (decode), with greedy or
// sampled choice (temperature, top-k, top-p, repetition penalty, seed), stops
// on the model's stop tokens and on user stop strings, and streams text
// through the UTF-8-safe decoder. The adapter is switched on or off per
// request on the same loaded model, so base and tuned answers come from one copy.
#pragma once

#include "core/model/language_model.h"

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qs::text {
class Tokenizer;
}

namespace qs::infer {

struct GenerationOptions {
    int64_t maxNewTokens = 256;
    bool greedy = true;
    double temperature = 0.7;
    int64_t topK = 50;    // 0: no top-k cut
    double topP = 0.9;    // 1: no nucleus cut
    double repetitionPenalty = 1.0; // transformers' rule: positive logits divided, negative multiplied
    uint64_t seed = 0;
    std::vector<std::string> stopStrings; // the text ends before the first one found
    bool useAdapter = true;               // false: the base model's answer
    bool cudaGraphs = true; // on a CUDA GPU, replay each decode step's kernels as one recorded graph
};

enum class StopReason { EndToken, StopString, MaxTokens, Cancelled };
std::string_view stopReasonName(StopReason reason);

struct GenerationResult {
    std::vector<int32_t> newIds;
    std::string text;
    StopReason stopReason = StopReason::MaxTokens;
    int64_t promptTokens = 0;
    double prefillSeconds = 0;
    double decodeSeconds = 0;
    double decodeTokensPerSecond() const;
};

// Receives each new piece of text; return false to cancel.
using TextCallback = std::function<bool(std::string_view piece)>;

// promptIds are given to the model untouched. Throws qs::Error for an empty
// prompt, ids outside the vocabulary, or a prompt longer than the model's context.
GenerationResult generate(model::LanguageModel& model, const text::Tokenizer& tokenizer,
                          std::span<const int64_t> promptIds, const GenerationOptions& options,
                          const TextCallback& onText = {});

} // namespace qs::infer

// A small byte-level BPE trainer (Llama-3 style: the same split pattern,
// byte-level alphabet, ignore_merges), for demo and test models. Its output is
// a tokenizer.json that Hugging Face tokenizers loads and encodes identically.
// Pair counts are recounted for every merge: meant for corpora of megabytes, not gigabytes.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace qs::text {

struct BpeTrainerOptions {
    size_t vocabSize = 4000;  // byte alphabet (256) + merges + special tokens
    size_t minFrequency = 2;  // pairs seen fewer times are not merged
    std::vector<std::string> specialTokens = {"<|begin_of_text|>", "<|end_of_text|>", "<|pad|>"};
};

// The tokenizer.json text. The first special token is BOS, added by the
// post-processor; the second is EOS.
std::string trainByteLevelBpe(const std::vector<std::string>& texts, const BpeTrainerOptions& options = {});

// The Llama-3 pre-tokenizer pattern the trainer writes into tokenizer.json.
extern const char* const kLlama3SplitPattern;

} // namespace qs::text

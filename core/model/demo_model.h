// A small Llama-architecture model folder with random weights, made here so
// that the whole flow (train, chat, evaluate) runs on a machine without a GPU
// or a downloaded model: config.json, model.safetensors (bf16),
// tokenizer.json (byte-level BPE trained on the given texts),
// tokenizer_config.json and generation_config.json, as Hugging Face writes them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace qs::model {

struct DemoModelOptions {
    int64_t hiddenSize = 256;
    int64_t intermediateSize = 704;
    int64_t layers = 4;
    int64_t heads = 8;
    int64_t kvHeads = 4;
    int64_t vocabSize = 2048; // byte alphabet, merges and three special tokens
    int64_t maxPositions = 2048;
    double initializerRange = 0.02; // transformers' default std of the random weights
    // lm_head's std. A frozen head of std 0.02 bounds every logit by about
    // 0.02·hidden (≈ 5 here): no token could get a high probability, whatever
    // LoRA learns. A larger head lets the adapter express confident answers.
    double headInitStd = 0.1;
    uint64_t seed = 0;
};

// Writes the folder (created if needed); each file atomically.
void makeDemoModel(const std::filesystem::path& folder, const std::vector<std::string>& tokenizerTexts,
                   const DemoModelOptions& options = {});

} // namespace qs::model

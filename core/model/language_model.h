// A Hugging Face causal language model folder (config.json + safetensors),
// loaded in a chosen precision on the CPU or a CUDA GPU, with an optional LoRA
// adapter that can be switched on and off, saved and loaded in PEFT's format,
// or merged. What train/ and infer/ build on. No torch types here: the tensors
// live behind State (language_model_impl.h, core only).
#pragma once

#include "core/model/lora_settings.h"
#include "core/model/model_config.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace qs::model {

struct LoadOptions {
    Precision precision = Precision::Auto;
    std::string device = "cpu"; // "cpu", "cuda", "cuda:N", or "auto" (the first GPU, else the CPU)
    // Called after each tensor; return false to cancel (load throws qs::Error).
    std::function<bool(size_t done, size_t total)> progress;
};

// What `model(ids, labels=ids)` gives in transformers: the mean next-token loss,
// and log p(ids[t] | ids[<t]) for t = 1 … n-1.
struct TokenScores {
    int64_t tokens = 0;
    double loss = 0;
    std::vector<double> logprobs;
};

class LanguageModel {
public:
    // Quantizes tensor by tensor while reading, so the whole model never sits
    // in memory at full precision. Throws qs::Error naming the file and tensor.
    static LanguageModel load(const std::filesystem::path& folder, const LoadOptions& options = {});

    LanguageModel(LanguageModel&&) noexcept;
    LanguageModel& operator=(LanguageModel&&) noexcept;
    ~LanguageModel();

    const ModelConfig& config() const;
    const std::filesystem::path& folder() const;
    Precision precision() const; // resolved: never Auto
    std::string deviceName() const;
    int64_t weightBytesInMemory() const;

    TokenScores score(std::span<const int64_t> ids) const;
    // Up to `newTokens` greedy tokens after `ids` (with a KV cache); stops before
    // emitting any of `stopIds`, which is not included.
    std::vector<int64_t> greedyContinuation(std::span<const int64_t> ids, int64_t newTokens,
                                            std::span<const int64_t> stopIds = {}) const;

    // LoRA: a fresh adapter (PEFT's initialisation), or one PEFT saved.
    void addAdapter(const LoraSettings& settings);
    void loadAdapter(const std::filesystem::path& adapterFolder);
    void saveAdapter(const std::filesystem::path& adapterFolder) const;
    bool hasAdapter() const;
    const LoraSettings& adapterSettings() const;
    int64_t adapterParameterCount() const;
    // Base-versus-tuned without reloading.
    void setAdapterEnabled(bool enabled);
    bool adapterEnabled() const;
    // W += scale · B A in 16/32-bit weights; the adapter is gone afterwards.
    void mergeAdapter();

    struct State;
    State& state() { return *m_state; }
    const State& state() const { return *m_state; }

private:
    explicit LanguageModel(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

} // namespace qs::model

// A model's config.json for the families the engine runs: llama (Llama-2, 3,
// 3.1, 3.2 with llama3 rope scaling), mistral and qwen2 (q/k/v bias). What the
// architecture needs, the tensors a checkpoint must hold, and the size of the
// weights in each precision — all from config.json alone, so a user can ask
// before downloading a model.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qs::model {

struct RopeScaling { // rope_scaling of type "llama3"
    double factor = 8.0;
    double lowFreqFactor = 1.0;
    double highFreqFactor = 4.0;
    int64_t originalMaxPositions = 8192;
};

struct ModelConfig {
    std::string modelType; // "llama", "mistral", "qwen2"
    int64_t vocabSize = 0;
    int64_t hiddenSize = 0;
    int64_t intermediateSize = 0;
    int64_t layers = 0;
    int64_t heads = 0;
    int64_t kvHeads = 0;
    int64_t headDim = 0;
    int64_t maxPositions = 0;
    double rmsNormEps = 1e-6;
    double ropeTheta = 10000.0;
    std::optional<RopeScaling> ropeScaling;
    bool tieWordEmbeddings = false;
    bool qkvBias = false; // qwen2
    int64_t slidingWindow = 0; // mistral: each position attends to at most this many (0: all)
    std::string torchDtype;

    static std::vector<std::string> supportedTypes();
    // Throws qs::Error naming the file and field; an unknown model_type lists the supported ones.
    static ModelConfig fromFile(const std::filesystem::path& configJson);
    static ModelConfig fromJson(std::string_view json, const std::string& name = "config.json");

    // Every tensor a checkpoint must hold, with its shape (Hugging Face names).
    std::map<std::string, std::vector<int64_t>> expectedTensors() const;
    int64_t parameterCount() const;
    // Parameters in the seven projection matrices of the decoder layers (what nf4/int8 quantize).
    int64_t linearParameterCount() const;
};

enum class Precision { Auto, Nf4, Int8, Fp16, Bf16, Fp32 };
std::string_view precisionName(Precision precision);
std::optional<Precision> parsePrecision(std::string_view name);

// Bytes of the model's weights held in `precision` (Auto counts as bf16):
// nf4 keeps 4 bits per projection weight plus one 8-bit constant per block of
// 64 and one fp32 constant per 256 blocks (double quantization); int8 keeps a
// byte per projection weight plus an fp32 scale per output row; embeddings,
// norms, biases and lm_head stay 16-bit in both.
int64_t weightBytes(const ModelConfig& config, Precision precision);

} // namespace qs::model

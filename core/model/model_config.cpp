#include "core/model/model_config.h"

#include "core/base/error.h"
#include "core/base/read_file.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace qs::model {
namespace {

using Json = nlohmann::json;

int64_t requireInt(const Json& json, const char* key, const std::string& name)
{
    if (!json.contains(key) || !json[key].is_number_integer() || json[key].get<int64_t>() <= 0)
        throw Error(std::string("Missing or bad field '") + key + "'", name, "config.json must give it as a positive integer");
    return json[key].get<int64_t>();
}

constexpr const char* kProjections[] = {"self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
                                        "mlp.gate_proj",    "mlp.up_proj",      "mlp.down_proj"};

} // namespace

std::vector<std::string> ModelConfig::supportedTypes()
{
    return {"llama", "mistral", "qwen2"};
}

ModelConfig ModelConfig::fromFile(const std::filesystem::path& configJson)
{
    return fromJson(readWholeFile(configJson, "config.json"), configJson.string());
}

ModelConfig ModelConfig::fromJson(std::string_view text, const std::string& name)
{
    const Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object())
        throw Error("Not valid JSON", name);
    ModelConfig config;
    config.modelType = json.value("model_type", std::string());
    const auto supported = supportedTypes();
    if (std::find(supported.begin(), supported.end(), config.modelType) == supported.end())
        throw Error("Unsupported model_type '" + config.modelType + "'", name + ": model_type",
                    "supported: llama, mistral, qwen2");
    config.vocabSize = requireInt(json, "vocab_size", name);
    config.hiddenSize = requireInt(json, "hidden_size", name);
    config.intermediateSize = requireInt(json, "intermediate_size", name);
    config.layers = requireInt(json, "num_hidden_layers", name);
    config.heads = requireInt(json, "num_attention_heads", name);
    config.kvHeads = json.contains("num_key_value_heads") ? requireInt(json, "num_key_value_heads", name) : config.heads;
    config.headDim = json.contains("head_dim") && !json["head_dim"].is_null() ? requireInt(json, "head_dim", name)
                                                                               : config.hiddenSize / config.heads;
    if (config.heads % config.kvHeads != 0)
        throw Error("num_attention_heads is not a multiple of num_key_value_heads", name);
    config.maxPositions = json.value("max_position_embeddings", int64_t(2048));
    config.rmsNormEps = json.value("rms_norm_eps", 1e-6);
    config.tieWordEmbeddings = json.value("tie_word_embeddings", false);
    config.qkvBias = config.modelType == "qwen2" || json.value("attention_bias", false);
    config.torchDtype = json.value("torch_dtype", json.value("dtype", std::string()));
    if (config.modelType == "mistral" && json.contains("sliding_window") && !json["sliding_window"].is_null())
        config.slidingWindow = requireInt(json, "sliding_window", name);
    if (json.value("use_sliding_window", false))
        throw Error("Sliding-window attention in Qwen2 layers is not supported", name + ": use_sliding_window",
                    "Qwen2 checkpoints normally set it to false");

    // transformers 5 writes rope_parameters (theta inside); older versions rope_theta and rope_scaling.
    const bool v5 = json.contains("rope_parameters") && json["rope_parameters"].is_object();
    const Json rope = v5 ? json["rope_parameters"] : json.value("rope_scaling", Json());
    const std::string field = v5 ? "rope_parameters" : "rope_scaling";
    config.ropeTheta = v5 ? rope.value("rope_theta", 10000.0) : json.value("rope_theta", 10000.0);
    if (rope.is_object()) {
        const std::string type = rope.value("rope_type", rope.value("type", std::string("default")));
        if (type == "llama3") {
            RopeScaling scaling;
            scaling.factor = rope.value("factor", scaling.factor);
            scaling.lowFreqFactor = rope.value("low_freq_factor", scaling.lowFreqFactor);
            scaling.highFreqFactor = rope.value("high_freq_factor", scaling.highFreqFactor);
            scaling.originalMaxPositions = rope.value("original_max_position_embeddings", scaling.originalMaxPositions);
            config.ropeScaling = scaling;
        } else if (type != "default") {
            throw Error("Unsupported rope type '" + type + "'", name + ": " + field, "supported: llama3 (and none)");
        }
    }
    return config;
}

std::map<std::string, std::vector<int64_t>> ModelConfig::expectedTensors() const
{
    const int64_t q = heads * headDim;
    const int64_t kv = kvHeads * headDim;
    std::map<std::string, std::vector<int64_t>> tensors;
    tensors["model.embed_tokens.weight"] = {vocabSize, hiddenSize};
    tensors["model.norm.weight"] = {hiddenSize};
    if (!tieWordEmbeddings)
        tensors["lm_head.weight"] = {vocabSize, hiddenSize};
    for (int64_t layer = 0; layer < layers; ++layer) {
        const std::string prefix = "model.layers." + std::to_string(layer) + ".";
        tensors[prefix + "input_layernorm.weight"] = {hiddenSize};
        tensors[prefix + "post_attention_layernorm.weight"] = {hiddenSize};
        tensors[prefix + "self_attn.q_proj.weight"] = {q, hiddenSize};
        tensors[prefix + "self_attn.k_proj.weight"] = {kv, hiddenSize};
        tensors[prefix + "self_attn.v_proj.weight"] = {kv, hiddenSize};
        tensors[prefix + "self_attn.o_proj.weight"] = {hiddenSize, q};
        tensors[prefix + "mlp.gate_proj.weight"] = {intermediateSize, hiddenSize};
        tensors[prefix + "mlp.up_proj.weight"] = {intermediateSize, hiddenSize};
        tensors[prefix + "mlp.down_proj.weight"] = {hiddenSize, intermediateSize};
        if (qkvBias) {
            tensors[prefix + "self_attn.q_proj.bias"] = {q};
            tensors[prefix + "self_attn.k_proj.bias"] = {kv};
            tensors[prefix + "self_attn.v_proj.bias"] = {kv};
        }
    }
    return tensors;
}

int64_t ModelConfig::parameterCount() const
{
    int64_t count = 0;
    for (const auto& [name, shape] : expectedTensors()) {
        int64_t elements = 1;
        for (const int64_t dimension : shape)
            elements *= dimension;
        count += elements;
    }
    return count;
}

int64_t ModelConfig::linearParameterCount() const
{
    const int64_t q = heads * headDim;
    const int64_t kv = kvHeads * headDim;
    return layers * (hiddenSize * q * 2 + hiddenSize * kv * 2 + 3 * hiddenSize * intermediateSize);
}

std::string_view precisionName(Precision precision)
{
    switch (precision) {
    case Precision::Auto: return "auto";
    case Precision::Nf4: return "nf4";
    case Precision::Int8: return "int8";
    case Precision::Fp16: return "fp16";
    case Precision::Bf16: return "bf16";
    case Precision::Fp32: return "fp32";
    }
    return "?";
}

std::optional<Precision> parsePrecision(std::string_view name)
{
    for (const Precision p : {Precision::Auto, Precision::Nf4, Precision::Int8, Precision::Fp16, Precision::Bf16,
                              Precision::Fp32})
        if (precisionName(p) == name)
            return p;
    return std::nullopt;
}

int64_t weightBytes(const ModelConfig& config, Precision precision)
{
    const int64_t all = config.parameterCount();
    const int64_t linear = config.linearParameterCount();
    const int64_t rest = all - linear;
    switch (precision) {
    case Precision::Fp32: return all * 4;
    case Precision::Nf4: {
        const int64_t blocks = (linear + 63) / 64;
        return linear / 2 + blocks + (blocks + 255) / 256 * 4 + rest * 2;
    }
    case Precision::Int8: {
        const int64_t q = config.heads * config.headDim;
        const int64_t kv = config.kvHeads * config.headDim;
        const int64_t rows = config.layers * (q + 2 * kv + config.hiddenSize + 2 * config.intermediateSize + config.hiddenSize);
        return linear + rows * 4 + rest * 2;
    }
    default: return all * 2;
    }
}

} // namespace qs::model

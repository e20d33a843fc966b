#include "core/model/peft_adapter_impl.h"

#include "core/base/atomic_file.h"
#include "core/base/error.h"
#include "core/base/read_file.h"
#include "core/model/safetensors.h"
#include "core/model/tensor_file_impl.h"

#include <nlohmann/json.hpp>
#include <regex>
#include <set>

namespace qs::model {
namespace {

using Json = nlohmann::json;
constexpr const char* kKeyPrefix = "base_model.model.";

// PEFT's target matching: a list names modules by their last component(s), a
// string is a regular expression over the whole module name.
bool isTargeted(const Json& targets, const std::string& module)
{
    if (targets.is_string()) {
        const std::string pattern = targets.get<std::string>();
        if (pattern == "all-linear")
            return true;
        return std::regex_match(module, std::regex(pattern));
    }
    for (const Json& target : targets) {
        const std::string name = target.get<std::string>();
        if (module == name || (module.size() > name.size() && module.ends_with("." + name)))
            return true;
    }
    return false;
}

void refuseUnsupported(const Json& config, const std::string& where)
{
    const auto setAndNotEmpty = [&](const char* key) {
        return config.contains(key) && !config[key].is_null() && !(config[key].is_object() && config[key].empty())
               && !(config[key].is_array() && config[key].empty()) && !(config[key].is_boolean() && !config[key].get<bool>());
    };
    if (config.value("peft_type", std::string("LORA")) != "LORA")
        throw Error("Not a LoRA adapter (peft_type " + config.value("peft_type", std::string()) + ")", where);
    for (const char* key : {"use_dora", "modules_to_save", "rank_pattern", "alpha_pattern", "layer_replication",
                            "lora_bias", "target_parameters", "trainable_token_indices", "use_qalora"})
        if (setAndNotEmpty(key))
            throw Error(std::string("The adapter uses '") + key + "', which the engine does not support", where,
                        "plain LoRA or rsLoRA adapters on the projection layers load");
    if (config.value("bias", std::string("none")) != "none")
        throw Error("The adapter trains biases (bias = " + config.value("bias", std::string()) + ")", where,
                    "only adapters with bias = none load");
    if (config.value("fan_in_fan_out", false))
        throw Error("The adapter sets fan_in_fan_out (GPT-2-style weights)", where);
}

} // namespace

std::string projectionModuleName(int64_t layer, size_t projection)
{
    const std::string& name = allProjections().at(projection);
    return "model.layers." + std::to_string(layer) + (projection < 4 ? ".self_attn." : ".mlp.") + name;
}

std::vector<std::pair<std::string, torch::Tensor>> loraParameters(const Decoder& decoder)
{
    std::vector<std::pair<std::string, torch::Tensor>> parameters;
    for (int64_t i = 0; i < int64_t(decoder.layers.size()); ++i) {
        const auto projections = decoder.layers[size_t(i)].projections();
        for (size_t p = 0; p < projections.size(); ++p) {
            if (!projections[p]->lora)
                continue;
            const std::string module = projectionModuleName(i, p);
            parameters.emplace_back(module + ".lora_A", projections[p]->lora->a);
            parameters.emplace_back(module + ".lora_B", projections[p]->lora->b);
        }
    }
    return parameters;
}

void readPeftAdapter(LanguageModel::State& state, const std::filesystem::path& folder)
{
    const std::filesystem::path configPath = folder / "adapter_config.json";
    const std::string where = configPath.string();
    const Json config = Json::parse(readWholeFile(configPath, "adapter_config.json"), nullptr, false);
    if (config.is_discarded() || !config.is_object())
        throw Error("Not valid JSON", where);
    refuseUnsupported(config, where);
    if (!config.contains("r") || !config["r"].is_number_integer() || config["r"].get<int64_t>() <= 0)
        throw Error("Missing or bad field 'r'", where, "the LoRA rank must be a positive integer");
    if (!config.contains("target_modules") || !(config["target_modules"].is_array() || config["target_modules"].is_string()))
        throw Error("Missing or bad field 'target_modules'", where);

    LoraSettings settings;
    settings.rank = config["r"].get<int64_t>();
    settings.alpha = config.value("lora_alpha", 8.0);
    settings.dropout = config.value("lora_dropout", 0.0);
    settings.rsLora = config.value("use_rslora", false);
    settings.targets.clear();
    std::optional<std::set<int64_t>> layers;
    if (config.contains("layers_to_transform") && !config["layers_to_transform"].is_null()) {
        const Json& chosen = config["layers_to_transform"];
        layers = chosen.is_array() ? chosen.get<std::set<int64_t>>() : std::set<int64_t>{chosen.get<int64_t>()};
    }

    const SafetensorsFile file = SafetensorsFile::open(folder / "adapter_model.safetensors");
    std::set<std::string> used;
    Decoder& decoder = state.decoder;
    std::vector<std::pair<Projection*, LoraWeights>> loaded;
    for (int64_t i = 0; i < int64_t(decoder.layers.size()); ++i) {
        const auto projections = decoder.layers[size_t(i)].projections();
        for (size_t p = 0; p < projections.size(); ++p) {
            const std::string module = projectionModuleName(i, p);
            if (!isTargeted(config["target_modules"], module) || (layers && !layers->count(i)))
                continue;
            const std::string keyA = kKeyPrefix + module + ".lora_A.weight";
            const std::string keyB = kKeyPrefix + module + ".lora_B.weight";
            const FrozenLinear& base = projections[p]->base;
            const std::vector<int64_t> shapeA{settings.rank, base.inFeatures()}, shapeB{base.outFeatures(), settings.rank};
            for (const auto& [key, shape] : {std::pair{keyA, shapeA}, std::pair{keyB, shapeB}}) {
                const TensorInfo& info = file.require(key);
                if (info.shape != shape)
                    throw Error("Adapter tensor '" + key + "' does not fit the model", file.name(),
                                "expected " + std::to_string(shape[0]) + " × " + std::to_string(shape[1])
                                    + "; was the adapter trained on another base model?");
                used.insert(key);
            }
            LoraWeights lora;
            lora.a = readFloatTensor(file, file.require(keyA)).to(state.device).requires_grad_();
            lora.b = readFloatTensor(file, file.require(keyB)).to(state.device).requires_grad_();
            lora.scale = settings.scale();
            lora.dropout = settings.dropout;
            loaded.emplace_back(projections[p], std::move(lora));
            if (std::find(settings.targets.begin(), settings.targets.end(), allProjections()[p]) == settings.targets.end())
                settings.targets.push_back(allProjections()[p]);
        }
    }
    for (const TensorInfo& info : file.tensors())
        if (!used.count(info.name))
            throw Error("Adapter tensor '" + info.name + "' belongs to no targeted projection of this model", file.name(),
                        "only LoRA weights of the seven projections load");
    if (loaded.empty())
        throw Error("The adapter targets none of the model's projections", where);

    for (DecoderLayer& layer : decoder.layers)
        for (Projection* p : layer.projections())
            p->lora.reset();
    for (auto& [projection, lora] : loaded)
        projection->lora = std::move(lora);
    state.lora = settings;
}

void writePeftAdapter(const LanguageModel::State& state, const std::filesystem::path& folder)
{
    std::filesystem::create_directories(folder);
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& [name, tensor] : loraParameters(state.decoder))
        tensors.emplace_back(kKeyPrefix + name + ".weight", tensor);
    writeFloatTensors(folder / "adapter_model.safetensors", tensors, {{"format", "pt"}});

    const LoraSettings& lora = *state.lora;
    const Json alpha = lora.alpha == double(int64_t(lora.alpha)) ? Json(int64_t(lora.alpha)) : Json(lora.alpha);
    const Json config = {
        {"peft_type", "LORA"},
        {"task_type", "CAUSAL_LM"},
        {"base_model_name_or_path", std::filesystem::absolute(state.folder).lexically_normal().string()},
        {"r", lora.rank},
        {"lora_alpha", alpha},
        {"lora_dropout", lora.dropout},
        {"target_modules", lora.targets},
        {"use_rslora", lora.rsLora},
        {"bias", "none"},
        {"fan_in_fan_out", false},
        {"inference_mode", true},
        {"init_lora_weights", true},
        {"modules_to_save", nullptr},
        {"layers_to_transform", nullptr},
        {"layers_pattern", nullptr},
        {"rank_pattern", Json::object()},
        {"alpha_pattern", Json::object()},
        {"use_dora", false},
        {"revision", nullptr},
    };
    writeFileAtomically(folder / "adapter_config.json", config.dump(2) + "\n");
}

} // namespace qs::model

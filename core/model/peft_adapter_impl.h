// LoRA adapters in PEFT's format: adapter_config.json and
// adapter_model.safetensors with keys such as
// base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight.
// Torch types: only core includes this header.
#pragma once

#include "core/model/language_model_impl.h"

namespace qs::model {

// Replaces the model's adapter. Throws qs::Error naming the file and key for
// anything the engine cannot reproduce exactly (DoRA, biases, rank patterns …).
void readPeftAdapter(LanguageModel::State& state, const std::filesystem::path& folder);
// Writes both files atomically (weights first, then the config that names them).
void writePeftAdapter(const LanguageModel::State& state, const std::filesystem::path& folder);

// "model.layers.3.self_attn.q_proj" for layer 3, projection index 0.
std::string projectionModuleName(int64_t layer, size_t projection);

// The LoRA matrices in layer order, named "model.layers.3.self_attn.q_proj.lora_A"
// (PEFT's key without its prefix and ".weight"). The tensors share storage with the model.
std::vector<std::pair<std::string, torch::Tensor>> loraParameters(const Decoder& decoder);

} // namespace qs::model

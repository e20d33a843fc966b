// The tensors behind LanguageModel, for core's trainer and generator.
// Torch types: only core includes this header.
#pragma once

#include "core/model/decoder_impl.h"
#include "core/model/language_model.h"

#include <optional>

namespace qs::model {

struct LanguageModel::State {
    std::filesystem::path folder;
    Precision precision = Precision::Fp32;
    torch::Device device = torch::kCPU;
    Decoder decoder;
    std::optional<LoraSettings> lora;
};

// The compute dtype of a precision on a device: nf4/int8 compute in bf16 on GPUs
// that have it (compute capability ≥ 8.0), fp16 on older ones, fp32 on the CPU.
Precision resolvePrecision(Precision requested, const torch::Device& device);
torch::ScalarType computeDtypeFor(Precision precision, const torch::Device& device);

// Reads the checkpoint into a Decoder (model_loader.cpp).
Decoder loadDecoder(const std::filesystem::path& folder, const ModelConfig& config, Precision precision,
                    const torch::Device& device, const std::function<bool(size_t, size_t)>& progress);

} // namespace qs::model

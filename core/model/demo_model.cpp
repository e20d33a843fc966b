#include "core/model/demo_model.h"

#include "core/base/atomic_file.h"
#include "core/model/model_config.h"
#include "core/model/safetensors.h"
#include "core/text/bpe_trainer.h"

#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>

namespace qs::model {
namespace {

const char* const kBos = "<|begin_of_text|>";
const char* const kEos = "<|end_of_text|>";
const char* const kPad = "<|pad|>";

nlohmann::json configJson(const DemoModelOptions& o, int64_t vocab)
{
    return {
        {"architectures", {"LlamaForCausalLM"}},
        {"model_type", "llama"},
        {"vocab_size", vocab},
        {"hidden_size", o.hiddenSize},
        {"intermediate_size", o.intermediateSize},
        {"num_hidden_layers", o.layers},
        {"num_attention_heads", o.heads},
        {"num_key_value_heads", o.kvHeads},
        {"head_dim", o.hiddenSize / o.heads},
        {"max_position_embeddings", o.maxPositions},
        {"rms_norm_eps", 1e-5},
        {"rope_theta", 500000.0},
        {"hidden_act", "silu"},
        {"attention_bias", false},
        {"mlp_bias", false},
        {"tie_word_embeddings", false},
        {"initializer_range", o.initializerRange},
        {"bos_token_id", vocab - 3},
        {"eos_token_id", vocab - 2},
        {"pad_token_id", vocab - 1},
        {"torch_dtype", "bfloat16"},
    };
}

} // namespace

void makeDemoModel(const std::filesystem::path& folder, const std::vector<std::string>& tokenizerTexts,
                   const DemoModelOptions& options)
{
    std::filesystem::create_directories(folder);
    text::BpeTrainerOptions bpe;
    bpe.vocabSize = size_t(options.vocabSize);
    bpe.specialTokens = {kBos, kEos, kPad};
    const std::string tokenizer = text::trainByteLevelBpe(tokenizerTexts, bpe);
    // The trainer stops early when no pair repeats; the model's vocabulary is what it produced.
    const int64_t vocab = int64_t(nlohmann::json::parse(tokenizer)["model"]["vocab"].size()) + 3;
    writeFileAtomically(folder / "tokenizer.json", tokenizer);
    writeFileAtomically(folder / "tokenizer_config.json",
                        nlohmann::json{{"bos_token", kBos}, {"eos_token", kEos}, {"pad_token", kPad},
                                       {"model_max_length", options.maxPositions},
                                       {"tokenizer_class", "PreTrainedTokenizerFast"}}
                                .dump(2) + "\n");
    writeFileAtomically(folder / "generation_config.json",
                        nlohmann::json{{"bos_token_id", vocab - 3}, {"eos_token_id", vocab - 2},
                                       {"pad_token_id", vocab - 1}}
                                .dump(2) + "\n");
    const nlohmann::json config = configJson(options, vocab);
    writeFileAtomically(folder / "config.json", config.dump(2) + "\n");

    // transformers' _init_weights: linear and embedding weights N(0, initializer_range), norms 1.
    const ModelConfig parsed = ModelConfig::fromJson(config.dump());
    torch::Generator generator = at::detail::createCPUGenerator(options.seed);
    std::vector<torch::Tensor> keepAlive;
    std::vector<TensorToWrite> tensors;
    for (const auto& [name, shape] : parsed.expectedTensors()) {
        const bool norm = name.find("norm") != std::string::npos;
        const double std = name == "lm_head.weight" ? options.headInitStd : options.initializerRange;
        torch::Tensor value = norm ? torch::ones(shape) : torch::randn(shape, generator, torch::TensorOptions()) * std;
        keepAlive.push_back(value.to(torch::kBFloat16).contiguous());
        tensors.push_back({name, DType::BF16, shape,
                           {reinterpret_cast<const std::byte*>(keepAlive.back().data_ptr()),
                            size_t(keepAlive.back().nbytes())}});
    }
    writeSafetensors(folder / "model.safetensors", tensors, {{"format", "pt"}});
}

} // namespace qs::model

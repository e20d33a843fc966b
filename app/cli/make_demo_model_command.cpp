// `qlora make-demo-model`: a small random Llama-architecture model whose
// tokenizer is trained on the demo data (or a given dataset), so that training,
// chat and evaluation can be tried without a GPU or a downloaded model.
#include "app/cli/arguments.h"
#include "app/cli/cli_command.h"

#include "core/base/error.h"
#include "core/data/dataset.h"
#include "core/data/demo_dataset.h"
#include "core/model/demo_model.h"
#include "core/model/model_config.h"

#include <cstdio>

namespace qs::cli {

int runMakeDemoModel(std::span<const std::string> rawArgs)
{
    const Arguments args(rawArgs, {"--out", "--data", "--vocab", "--seed", "--head-std"}, {});
    const auto out = args.value("--out");
    if (!out)
        throw Error("Give the folder to write", "", "usage: qlora make-demo-model --out DIR [--data FILE] [--vocab N]");
    const data::Dataset dataset = args.value("--data")
                                      ? data::importDataset(*args.value("--data"))
                                      : data::importDatasetFromBytes(data::demoDatasetJsonl(), "demo dataset");
    std::vector<std::string> texts;
    for (const data::QaExample& example : dataset.examples) {
        texts.push_back(example.instruction);
        texts.push_back(example.output);
    }
    if (texts.empty())
        throw Error("The dataset has no examples to train the tokenizer on", dataset.sourceName);
    model::DemoModelOptions options;
    options.vocabSize = args.integer("--vocab", long(options.vocabSize));
    options.seed = uint64_t(args.integer("--seed", 0));
    options.headInitStd = args.number("--head-std", options.headInitStd);
    model::makeDemoModel(*out, texts, options);
    const model::ModelConfig config = model::ModelConfig::fromFile(std::filesystem::path(*out) / "config.json");
    std::printf("%s: llama, %d layers, hidden %lld, vocabulary %lld, %.2f M parameters\n", out->c_str(),
                int(config.layers), (long long)config.hiddenSize, (long long)config.vocabSize,
                double(config.parameterCount()) / 1e6);
    return 0;
}

} // namespace qs::cli

// `qlora inspect-model DIR`: architecture, parameter count, stored dtype and
// the weights' size in each precision; with a checkpoint present, every tensor
// is checked against config.json (missing, unexpected, wrong shape).
#include "app/cli/arguments.h"
#include "app/cli/cli_command.h"

#include "core/base/error.h"
#include "core/model/model_config.h"
#include "core/model/safetensors.h"

#include <cstdio>
#include <filesystem>
#include <set>

namespace qs::cli {
namespace {

std::string shapeText(const std::vector<int64_t>& shape)
{
    std::string text = "[";
    for (size_t i = 0; i < shape.size(); ++i)
        text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + "]";
}

} // namespace

int runInspectModel(std::span<const std::string> rawArgs)
{
    const Arguments args(rawArgs, {}, {});
    if (args.positionals().size() != 1)
        throw Error("Expected one model folder", "", "usage: qlora inspect-model DIR");
    const std::filesystem::path folder = args.positionals().front();
    const model::ModelConfig config = model::ModelConfig::fromFile(folder / "config.json");

    std::printf("Architecture: %s, %lld layers, hidden %lld, MLP %lld, %lld heads (%lld key/value, head_dim %lld)\n",
                config.modelType.c_str(), (long long)config.layers, (long long)config.hiddenSize,
                (long long)config.intermediateSize, (long long)config.heads, (long long)config.kvHeads,
                (long long)config.headDim);
    std::printf("Vocabulary %lld, context %lld, rope theta %.0f%s%s%s\n", (long long)config.vocabSize,
                (long long)config.maxPositions, config.ropeTheta, config.ropeScaling ? ", llama3 rope scaling" : "",
                config.tieWordEmbeddings ? ", tied embeddings" : "", config.qkvBias ? ", q/k/v bias" : "");
    std::printf("Parameters: %lld (%.2f B)\n", (long long)config.parameterCount(), double(config.parameterCount()) / 1e9);
    std::printf("\n| precision | weights GiB |\n|---|---:|\n");
    for (const model::Precision p : {model::Precision::Fp32, model::Precision::Bf16, model::Precision::Fp16,
                                     model::Precision::Int8, model::Precision::Nf4})
        std::printf("| %s | %.2f |\n", std::string(model::precisionName(p)).c_str(),
                    double(model::weightBytes(config, p)) / double(1 << 30));

    std::vector<std::filesystem::path> files;
    try {
        files = model::checkpointFiles(folder);
    } catch (const Error& error) {
        std::printf("\nCheckpoint: none checked (%s)\n", error.problem().c_str());
        return 0;
    }
    const auto expected = config.expectedTensors();
    std::set<std::string> seen;
    std::set<std::string> dtypes;
    std::vector<std::string> problems;
    for (const auto& file : files) {
        const model::SafetensorsFile checkpoint = model::SafetensorsFile::open(file);
        for (const model::TensorInfo& tensor : checkpoint.tensors()) {
            seen.insert(tensor.name);
            dtypes.insert(std::string(model::dtypeName(tensor.dtype)));
            const auto it = expected.find(tensor.name);
            if (it == expected.end())
                problems.push_back(file.filename().string() + ": unexpected tensor " + tensor.name);
            else if (it->second != tensor.shape)
                problems.push_back(file.filename().string() + ": " + tensor.name + " has shape " + shapeText(tensor.shape)
                                   + ", config.json says " + shapeText(it->second));
        }
    }
    for (const auto& [name, shape] : expected)
        if (!seen.count(name))
            problems.push_back("missing tensor " + name);
    std::string stored;
    for (const std::string& dtype : dtypes)
        stored += (stored.empty() ? "" : ", ") + dtype;
    std::printf("\nCheckpoint: %zu file(s), %zu tensors, stored as %s\n", files.size(), seen.size(), stored.c_str());
    for (const std::string& problem : problems)
        std::printf("  problem: %s\n", problem.c_str());
    if (!problems.empty())
        throw Error(std::to_string(problems.size()) + " tensor(s) disagree with config.json", folder.string(),
                    "the checkpoint and config.json are from different models");
    return 0;
}

} // namespace qs::cli

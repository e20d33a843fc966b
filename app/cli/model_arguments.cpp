#include "app/cli/model_arguments.h"

#include "core/base/error.h"

namespace qs::cli {

model::Precision precisionArgument(const Arguments& args)
{
    const std::string name = args.valueOr("--precision", "auto");
    const auto precision = model::parsePrecision(name);
    if (!precision)
        throw Error("Unknown precision '" + name + "'", "--precision", "use auto, nf4, int8, fp16, bf16 or fp32");
    return *precision;
}

std::optional<train::GradCheckpointing> checkpointingArgument(const Arguments& args)
{
    const auto name = args.value("--grad-checkpointing");
    if (!name)
        return std::nullopt;
    if (const auto mode = train::parseCheckpointing(*name))
        return mode;
    throw Error("Unknown checkpointing mode '" + *name + "'", "--grad-checkpointing", "use off, on, lean or offload");
}

std::string deviceArgument(const Arguments& args)
{
    return args.valueOr("--device", "auto"); // LanguageModel::load resolves auto
}

model::LanguageModel loadModelArguments(const Arguments& args, const std::string& usage)
{
    const auto folder = args.value("--model");
    if (!folder)
        throw Error("Give a model folder", "--model", usage);
    model::LoadOptions options;
    options.precision = precisionArgument(args);
    options.device = deviceArgument(args);
    model::LanguageModel model = model::LanguageModel::load(*folder, options);
    if (const auto adapter = args.value("--adapter"))
        model.loadAdapter(*adapter);
    if (args.has("--merge")) {
        if (!model.hasAdapter())
            throw Error("--merge needs an adapter", "--merge", "give --adapter DIR");
        model.mergeAdapter(); // refuses nf4/int8 weights with a hint
    }
    return model;
}

std::vector<int64_t> tokenIdsArgument(const std::string& list, const std::string& option)
{
    std::vector<int64_t> ids;
    size_t start = 0;
    while (start <= list.size()) {
        const size_t comma = std::min(list.find(',', start), list.size());
        const std::string item = list.substr(start, comma - start);
        size_t used = 0;
        try {
            ids.push_back(std::stoll(item, &used));
        } catch (const std::exception&) {
            used = 0;
        }
        if (item.empty() || used != item.size())
            throw Error("'" + item + "' is not a token id", option + ", item " + std::to_string(ids.size() + 1),
                        "give ids as integers separated by commas: " + option + " 1,2,3");
        start = comma + 1;
    }
    return ids;
}

const std::set<std::string>& generationValueOptions()
{
    static const std::set<std::string> options = {"--max-new-tokens", "--temperature", "--top-p",
                                                  "--top-k",          "--repetition-penalty", "--seed",
                                                  "--stop"};
    return options;
}

infer::GenerationOptions generationArguments(const Arguments& args)
{
    infer::GenerationOptions o;
    o.maxNewTokens = args.integer("--max-new-tokens", long(o.maxNewTokens));
    const bool sampling = args.value("--temperature") || args.value("--top-p") || args.value("--top-k");
    if (sampling && args.has("--greedy"))
        throw Error("--greedy cannot be combined with --temperature, --top-p or --top-k", "",
                    "choose greedy decoding or sampling");
    o.greedy = !sampling;
    o.temperature = args.number("--temperature", o.temperature);
    o.topP = args.number("--top-p", o.topP);
    o.topK = args.integer("--top-k", long(o.topK));
    o.repetitionPenalty = args.number("--repetition-penalty", o.repetitionPenalty);
    o.seed = uint64_t(args.integer("--seed", 0));
    if (const auto stops = args.value("--stop")) {
        size_t start = 0;
        while (start <= stops->size()) {
            const size_t bar = std::min(stops->find('|', start), stops->size());
            if (bar > start)
                o.stopStrings.push_back(stops->substr(start, bar - start));
            start = bar + 1;
        }
    }
    return o;
}

} // namespace qs::cli

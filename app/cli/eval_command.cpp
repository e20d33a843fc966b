// `qlora eval`: every question of a dataset answered by the base model and the
// tuned one (greedy), scored against the expected answers: exact match after
// normalisation, character F1 and character ROUGE-L, per example and averaged.
#include "app/cli/arguments.h"
#include "app/cli/cli_command.h"
#include "app/cli/model_arguments.h"

#include "core/base/error.h"
#include "core/data/dataset.h"
#include "core/infer/evaluation.h"
#include "core/text/tokenizer.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace qs::cli {
namespace {

nlohmann::json scoresJson(const std::optional<eval::AnswerScores>& s)
{
    if (!s)
        return nullptr;
    return {{"exact_match", s->exactMatch}, {"char_f1", s->charF1}, {"char_rouge_l", s->charRougeL}};
}

nlohmann::json averagesJson(const std::optional<infer::ScoreAverages>& a)
{
    if (!a)
        return nullptr;
    return {{"exact_match", a->exactMatch}, {"char_f1", a->charF1}, {"char_rouge_l", a->charRougeL}};
}

} // namespace

int runEval(std::span<const std::string> rawArgs)
{
    std::set<std::string> valueOptions = {"--model", "--adapter", "--precision", "--device", "--data", "--template",
                                          "--limit"};
    valueOptions.insert(generationValueOptions().begin(), generationValueOptions().end());
    const Arguments args(rawArgs, valueOptions, {"--json", "--greedy", "--no-base"});
    const auto data = args.value("--data");
    if (!data)
        throw Error("Give the questions to ask", "--data",
                    "usage: qlora eval --model DIR [--adapter DIR] --data FILE [--template NAME] [--limit N] [--json]");
    data::Dataset dataset = data::importDataset(*data);
    if (const long limit = args.integer("--limit", 0); limit > 0 && size_t(limit) < dataset.examples.size())
        dataset.examples.resize(size_t(limit));
    model::LanguageModel model = loadModelArguments(args, "usage: qlora eval --model DIR [--adapter DIR] --data FILE");
    const text::Tokenizer tokenizer = text::Tokenizer::fromFolder(model.folder());
    infer::EvaluationOptions options;
    options.promptTemplate = text::PromptTemplate::fromName(args.valueOr("--template", "korean"));
    options.generation = generationArguments(args);
    options.includeBase = !args.has("--no-base");

    const bool json = args.has("--json");
    const auto answers = infer::evaluateAnswers(model, tokenizer, dataset.examples, options, [&](size_t done, size_t total) {
        if (!json)
            std::fprintf(stderr, "\r%zu / %zu", done, total);
        return true;
    });
    const infer::EvaluationSummary summary = infer::summarize(answers);
    if (json) {
        nlohmann::json items = nlohmann::json::array();
        for (const infer::EvaluatedAnswer& a : answers)
            items.push_back({{"index", a.index},
                             {"question", a.question},
                             {"expected", a.expected},
                             {"base", a.base ? nlohmann::json(*a.base) : nlohmann::json(nullptr)},
                             {"tuned", a.tuned ? nlohmann::json(*a.tuned) : nlohmann::json(nullptr)},
                             {"base_scores", scoresJson(a.baseScores)},
                             {"tuned_scores", scoresJson(a.tunedScores)}});
        std::printf("%s\n", nlohmann::json{{"examples", summary.examples},
                                           {"base", averagesJson(summary.base)},
                                           {"tuned", averagesJson(summary.tuned)},
                                           {"answers", items}}
                                .dump()
                                .c_str());
        return 0;
    }
    std::fprintf(stderr, "\n");
    std::printf("%zu questions from %s\n\n| model | exact match | char F1 | char ROUGE-L |\n|---|---:|---:|---:|\n",
                summary.examples, data->c_str());
    for (const auto& [name, averages] : {std::pair{"base", summary.base}, std::pair{"tuned", summary.tuned}})
        if (averages)
            std::printf("| %s | %.3f | %.3f | %.3f |\n", name, averages->exactMatch, averages->charF1,
                        averages->charRougeL);
    return 0;
}

} // namespace qs::cli

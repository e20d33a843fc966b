// `qlora score`: the loss and per-token log-probabilities a model (and adapter)
// gives a text or a list of token ids — the figures transformers reports as
// model(ids, labels=ids).loss, for checking the engine against it.
#include "app/cli/arguments.h"
#include "app/cli/cli_command.h"
#include "app/cli/model_arguments.h"

#include "core/base/error.h"
#include "core/model/language_model.h"
#include "core/text/tokenizer.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace qs::cli {

int runScore(std::span<const std::string> rawArgs)
{
    const Arguments args(rawArgs, {"--model", "--adapter", "--precision", "--device", "--text", "--ids"}, {"--json"});
    const auto folder = args.value("--model");
    const auto text = args.value("--text");
    const auto idList = args.value("--ids");
    if (!folder || text.has_value() == idList.has_value())
        throw Error("Give a model folder and either --text or --ids", "",
                    "usage: qlora score --model DIR [--adapter DIR] [--precision P] [--device cpu|cuda] "
                    "(--text S | --ids 1,2,3) [--json]");

    std::vector<int64_t> ids;
    if (idList) {
        ids = tokenIdsArgument(*idList, "--ids");
    } else {
        const text::Tokenizer tokenizer = text::Tokenizer::fromFolder(*folder);
        const auto encoded = tokenizer.encode(*text, /*addSpecialTokens=*/true).ids;
        ids.assign(encoded.begin(), encoded.end());
    }
    model::LoadOptions options;
    options.precision = precisionArgument(args);
    options.device = args.valueOr("--device", "cpu");
    model::LanguageModel model = model::LanguageModel::load(*folder, options);
    if (const auto adapter = args.value("--adapter"))
        model.loadAdapter(*adapter);
    const model::TokenScores scores = model.score(ids);

    if (args.has("--json")) {
        const nlohmann::json out = {{"tokens", scores.tokens}, {"loss", scores.loss}, {"logprobs", scores.logprobs}};
        std::printf("%s\n", out.dump().c_str());
        return 0;
    }
    std::printf("%lld tokens, loss %.6f (perplexity %.2f), %s on %s%s\n", (long long)scores.tokens, scores.loss,
                std::exp(scores.loss), std::string(model::precisionName(model.precision())).c_str(),
                model.deviceName().c_str(), model.hasAdapter() ? ", with adapter" : "");
    return 0;
}

} // namespace qs::cli

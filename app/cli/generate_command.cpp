// `qlora generate`: one answer from a model (and adapter), streamed to the
// terminal or printed as JSON. With --prompt the question is put in the
// template (korean unless --template says otherwise; none: the text as is);
// with --ids the ids are the whole prompt, untouched.
#include "app/cli/arguments.h"
#include "app/cli/cli_command.h"
#include "app/cli/model_arguments.h"

#include "core/base/error.h"
#include "core/text/prompt_template.h"
#include "core/text/tokenizer.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace qs::cli {
namespace {

const char* const kUsage =
    "usage: qlora generate --model DIR [--adapter DIR] (--prompt S | --ids 1,2,3) [--template NAME|none] "
    "[--max-new-tokens N] [--greedy | --temperature X --top-p X --top-k N] [--repetition-penalty X] [--seed N] "
    "[--stop S1|S2] [--no-adapter | --merge] [--precision P] [--device D] [--json]";

std::vector<int64_t> promptArgument(const Arguments& args, const text::Tokenizer& tokenizer)
{
    const auto prompt = args.value("--prompt");
    const auto ids = args.value("--ids");
    if (prompt.has_value() == ids.has_value())
        throw Error("Give either --prompt or --ids", "", kUsage);
    if (ids)
        return tokenIdsArgument(*ids, "--ids");
    const std::string templateName = args.valueOr("--template", "korean");
    std::vector<int32_t> encoded;
    if (templateName == "none")
        encoded = tokenizer.encode(*prompt, /*addSpecialTokens=*/true).ids;
    else
        encoded = text::renderForGeneration(text::PromptTemplate::fromName(templateName), tokenizer, {{}, *prompt, {}, {}});
    return {encoded.begin(), encoded.end()};
}

} // namespace

int runGenerate(std::span<const std::string> rawArgs)
{
    std::set<std::string> valueOptions = {"--model", "--adapter", "--precision", "--device", "--prompt", "--ids",
                                          "--template"};
    valueOptions.insert(generationValueOptions().begin(), generationValueOptions().end());
    const Arguments args(rawArgs, valueOptions, {"--json", "--greedy", "--no-adapter", "--merge"});
    model::LanguageModel model = loadModelArguments(args, kUsage);
    const text::Tokenizer tokenizer = text::Tokenizer::fromFolder(model.folder());
    const std::vector<int64_t> prompt = promptArgument(args, tokenizer);
    infer::GenerationOptions options = generationArguments(args);
    options.useAdapter = model.hasAdapter() && !args.has("--no-adapter");

    const bool json = args.has("--json");
    const infer::GenerationResult result =
        infer::generate(model, tokenizer, prompt, options, [&](std::string_view piece) {
            if (!json) {
                std::fwrite(piece.data(), 1, piece.size(), stdout);
                std::fflush(stdout);
            }
            return true;
        });
    if (json)
        std::printf("%s\n", nlohmann::json{{"new_ids", result.newIds},
                                           {"text", result.text},
                                           {"stop_reason", infer::stopReasonName(result.stopReason)},
                                           {"prompt_tokens", result.promptTokens},
                                           {"decode_tokens_per_s", result.decodeTokensPerSecond()}}
                                .dump()
                                .c_str());
    else
        std::printf("\n");
    return 0;
}

} // namespace qs::cli

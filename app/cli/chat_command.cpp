// `qlora chat`: an interactive terminal chat that streams each answer. Each
// line is one question in the template (the templates are single-turn, as the
// training data is). /base and /tuned switch the adapter, /compare shows both,
// /quit or end of input leaves.
#include "app/cli/arguments.h"
#include "app/cli/cli_command.h"
#include "app/cli/model_arguments.h"

#include "core/base/error.h"
#include "core/text/prompt_template.h"
#include "core/text/tokenizer.h"

#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace qs::cli {

int runChat(std::span<const std::string> rawArgs)
{
    std::set<std::string> valueOptions = {"--model", "--adapter", "--precision", "--device", "--template"};
    valueOptions.insert(generationValueOptions().begin(), generationValueOptions().end());
    const Arguments args(rawArgs, valueOptions, {"--greedy", "--merge"});
    model::LanguageModel model = loadModelArguments(
        args, "usage: qlora chat --model DIR [--adapter DIR [--merge]] [--template NAME] [--max-new-tokens N] [sampling options]");
    const text::Tokenizer tokenizer = text::Tokenizer::fromFolder(model.folder());
    const text::PromptTemplate promptTemplate = text::PromptTemplate::fromName(args.valueOr("--template", "korean"));
    infer::GenerationOptions options = generationArguments(args);
    const bool terminal = isatty(STDIN_FILENO);
    // A merged adapter is part of the weights: every answer is the tuned one.
    enum class Mode { Tuned, Base, Compare } mode = model.hasAdapter() || args.has("--merge") ? Mode::Tuned : Mode::Base;
    if (terminal)
        std::printf("%s on %s%s. Type a question; /base, /tuned, /compare, /quit.\n", model.folder().c_str(),
                    model.deviceName().c_str(), model.hasAdapter() ? " with adapter" : "");

    const auto answer = [&](const std::vector<int64_t>& prompt, bool adapter, const char* label) {
        options.useAdapter = adapter;
        if (label)
            std::printf("[%s] ", label);
        infer::generate(model, tokenizer, prompt, options, [](std::string_view piece) {
            std::fwrite(piece.data(), 1, piece.size(), stdout);
            std::fflush(stdout);
            return true;
        });
        std::printf("\n");
    };
    for (std::string line;;) {
        if (terminal) {
            std::printf("> ");
            std::fflush(stdout);
        }
        if (!std::getline(std::cin, line) || line == "/quit")
            break;
        if (line.empty())
            continue;
        if (line == "/base" || line == "/tuned" || line == "/compare") {
            if (args.has("--merge")) {
                std::printf("The adapter is merged into the weights; start without --merge to compare.\n");
                continue;
            }
            if (line != "/base" && !model.hasAdapter()) {
                std::printf("No adapter is loaded (--adapter DIR).\n");
                continue;
            }
            mode = line == "/base" ? Mode::Base : line == "/tuned" ? Mode::Tuned : Mode::Compare;
            continue;
        }
        const std::vector<int32_t> ids = text::renderForGeneration(promptTemplate, tokenizer, {{}, line, {}, {}});
        const std::vector<int64_t> prompt(ids.begin(), ids.end());
        if (mode == Mode::Compare) {
            answer(prompt, false, "base");
            answer(prompt, true, "tuned");
        } else {
            answer(prompt, mode == Mode::Tuned, nullptr);
        }
    }
    return 0;
}

} // namespace qs::cli

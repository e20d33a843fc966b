// `qlora template`: examples of a dataset rendered in a prompt template, with
// the part the loss is computed on marked ⟦like this⟧ and token counts.
#include "app/cli/arguments.h"
#include "app/cli/cli_command.h"

#include "core/base/atomic_file.h"
#include "core/base/error.h"
#include "core/data/dataset.h"
#include "core/text/prompt_template.h"
#include "core/text/tokenizer.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace qs::cli {

int runTemplate(std::span<const std::string> rawArgs)
{
    const Arguments args(rawArgs, {"--model", "--data", "--show", "--template", "--tokens"}, {"--train-on-prompt"});
    const auto model = args.value("--model");
    const auto dataFile = args.value("--data");
    if (!model || !dataFile)
        throw Error("Give a model folder and a dataset", "",
                    "usage: qlora template --model DIR --data FILE [--show N] [--template korean|llama3|chatml|TEXT] "
                    "[--tokens OUT.jsonl]");
    const text::Tokenizer tokenizer = text::Tokenizer::fromFolder(*model);
    text::PromptTemplate promptTemplate;
    if (const auto name = args.value("--template"))
        promptTemplate = text::PromptTemplate::fromName(*name);
    else if (const auto kind = text::recognizeChatTemplate(tokenizer.chatTemplate()))
        promptTemplate.kind = *kind;
    const data::Dataset dataset = data::importDataset(*dataFile);
    const size_t show = size_t(std::max(0L, args.integer("--show", 3)));

    if (const auto tokensFile = args.value("--tokens")) {
        // Every example as the trainer tokenizes it, for other tools to train on the same tokens.
        std::string lines;
        for (const data::QaExample& e : dataset.examples) {
            const text::RenderedExample rendered = text::renderForTraining(
                promptTemplate, tokenizer, {e.system, e.instruction, e.input, e.output}, args.has("--train-on-prompt"));
            const nlohmann::json line{{"line", e.line}, {"ids", rendered.ids}, {"trained", rendered.trained}};
            lines += line.dump() + '\n';
        }
        writeFileAtomically(*tokensFile, lines);
        std::printf("Wrote %zu tokenized examples to %s\n", dataset.examples.size(), tokensFile->c_str());
    }
    std::printf("Template: %s%s\n", promptTemplate.name().c_str(),
                args.value("--template") ? "" : " (from the model's chat_template, or the default)");
    for (size_t i = 0; i < show && i < dataset.examples.size(); ++i) {
        const data::QaExample& e = dataset.examples[i];
        const text::PromptFields fields{e.system, e.instruction, e.input, e.output};
        const text::RenderedExample rendered =
            text::renderForTraining(promptTemplate, tokenizer, fields, args.has("--train-on-prompt"));
        size_t trained = 0;
        for (const uint8_t t : rendered.trained)
            trained += t;
        // Decode the two parts separately so that the mark sits on the token boundary.
        const std::vector<int32_t> prompt(rendered.ids.begin(), rendered.ids.begin() + long(rendered.promptTokens));
        const std::vector<int32_t> answer(rendered.ids.begin() + long(rendered.promptTokens), rendered.ids.end());
        std::printf("\n── line %ld: %zu tokens, %zu trained ──\n%s⟦%s⟧\n", e.line, rendered.ids.size(), trained,
                    tokenizer.decode(prompt).c_str(), tokenizer.decode(answer).c_str());
    }
    return 0;
}

} // namespace qs::cli

// `qlora tokenize`: the ids Hugging Face tokenizers gives for a text, from a model folder.
#include "app/cli/arguments.h"
#include "app/cli/cli_command.h"

#include "core/base/error.h"
#include "core/base/read_file.h"
#include "core/text/tokenizer.h"
#include "core/text/unicode.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace qs::cli {

int runTokenize(std::span<const std::string> rawArgs)
{
    const Arguments args(rawArgs, {"--tokenizer", "--text", "--file"}, {"--no-special", "--json"});
    const auto folder = args.value("--tokenizer");
    const auto text = args.value("--text");
    const auto file = args.value("--file");
    const char* usage = "qlora tokenize --tokenizer DIR (--text S | --file F) [--no-special] [--json]";
    if (!folder || (text.has_value() == file.has_value()))
        throw Error("Give a tokenizer folder and either --text or --file", "", std::string("usage: ") + usage);
    const text::Tokenizer tokenizer = text::Tokenizer::fromFolder(*folder);
    const std::string input = text ? *text : readWholeFile(*file, "the text file");
    if (!text::isValidUtf8(input))
        std::fprintf(stderr, "qlora tokenize: the text is not valid UTF-8 (first bad byte at %zu); "
                             "invalid bytes were replaced by U+FFFD\n",
                     text::findInvalidUtf8(input) + 1);
    const text::Encoding encoding = tokenizer.encode(input, !args.has("--no-special"));
    if (args.has("--json")) {
        const nlohmann::json out = {{"ids", encoding.ids}, {"tokens", encoding.tokens}};
        std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
        return 0;
    }
    for (size_t i = 0; i < encoding.ids.size(); ++i)
        std::printf("%d\t%s\n", encoding.ids[i], encoding.tokens[i].c_str());
    std::printf("%zu tokens\n", encoding.ids.size());
    return 0;
}

} // namespace qs::cli

// qlora — the command-line face of the engine. Finds the subcommand whose words
// match the arguments (longest match first) and runs it.
#include "app/cli/cli_command.h"

#include "core/base/error.h"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

namespace {

// Number of leading arguments that spell `name` ("data inspect" → 2), or 0.
size_t matchedWords(const std::string& name, const std::vector<std::string>& args)
{
    std::istringstream words(name);
    size_t count = 0;
    for (std::string word; words >> word; ++count) {
        if (count >= args.size() || args[count] != word)
            return 0;
    }
    return count;
}

} // namespace

int main(int argc, char** argv)
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        qs::cli::printHelp();
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version" || args[0] == "-V") {
        qs::cli::printVersion();
        return 0;
    }

    const qs::cli::CliCommand* best = nullptr;
    size_t bestWords = 0;
    for (const auto& command : qs::cli::cliCommands()) {
        const size_t words = matchedWords(command.name, args);
        if (words > bestWords) {
            best = &command;
            bestWords = words;
        }
    }
    if (!best) {
        std::fprintf(stderr, "qlora: unknown command '%s'. Run 'qlora --help' for the list of commands.\n",
                     args[0].c_str());
        return 2;
    }
    try {
        const std::vector<std::string> rest(args.begin() + long(bestWords), args.end());
        return best->run(rest);
    } catch (const qs::Error& error) {
        std::fprintf(stderr, "qlora %s: %s\n", best->name.c_str(), error.what());
        return 1;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "qlora %s: internal error: %s\n", best->name.c_str(), error.what());
        return 1;
    }
}

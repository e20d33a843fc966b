// The CLI's subcommands: each later capability adds one entry (a file in app/cli/
// with its run function) to the table in cli_commands.cpp.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

namespace qs::cli {

struct CliCommand {
    std::string name;    // "data inspect" — words the user types
    std::string usage;   // arguments after the name
    std::string summary; // one line for --help
    std::function<int(std::span<const std::string> args)> run;
};

const std::vector<CliCommand>& cliCommands();

int runDataInspect(std::span<const std::string> args);
int runDataClean(std::span<const std::string> args);
int runTokenize(std::span<const std::string> args);
int runTemplate(std::span<const std::string> args);
int runInspectModel(std::span<const std::string> args);
int runScore(std::span<const std::string> args);
int runBenchLoad(std::span<const std::string> args);
int runMakeDemoModel(std::span<const std::string> args);
int runTrain(std::span<const std::string> args);
int runBenchTrain(std::span<const std::string> args);
int runGenerate(std::span<const std::string> args);
int runChat(std::span<const std::string> args);
int runEval(std::span<const std::string> args);
int runRecommend(std::span<const std::string> args);
int runBenchGenerate(std::span<const std::string> args);

// Writes the version block of `qlora --version`.
void printVersion();
// Writes `qlora --help`: usage and the table of subcommands.
void printHelp();

} // namespace qs::cli

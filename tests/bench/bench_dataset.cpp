// Dataset studio benchmark: import, every check and duplicate detection of N
// synthetic Korean Q&A pairs (default 100,000, ~50 MB). Prints a table of wall
// time per stage and the peak resident memory. Goal (issue #3): under 10 s and
// under 1 GiB on a 2-core machine.
//   bench_dataset [--pairs N] [--keep FILE]
#include "core/data/checks.h"
#include "core/data/dataset.h"
#include "core/data/duplicates.h"
#include "core/data/inspection.h"
#include "core/data/split.h"
#include "tests/bench/synthetic_korean.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/resource.h>

namespace {

using Clock = std::chrono::steady_clock;

double peakResidentMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0; // Linux reports KiB
}

struct Stage {
    const char* name;
    double seconds;
    std::string result;
};

} // namespace

int main(int argc, char** argv)
{
    size_t pairs = 100000;
    std::filesystem::path keep;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--pairs"))
            pairs = size_t(std::stoul(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--keep"))
            keep = argv[i + 1];
    }
    const std::filesystem::path corpus =
        keep.empty() ? std::filesystem::temp_directory_path() / "qs_bench_dataset.jsonl" : keep;
    qs::bench::writeCorpus(corpus, pairs);
    const double megabytes = double(std::filesystem::file_size(corpus)) / 1e6;
    const double baselineMiB = peakResidentMiB();

    std::vector<Stage> stages;
    auto timed = [&](const char* name, auto&& work) {
        const auto start = Clock::now();
        std::string result = work();
        stages.push_back({name, std::chrono::duration<double>(Clock::now() - start).count(), result});
    };

    qs::data::Dataset dataset;
    timed("import (JSONL, UTF-8 check, parse)", [&] {
        dataset = qs::data::importDataset(corpus);
        return std::to_string(dataset.examples.size()) + " loaded, " + std::to_string(dataset.report.rejected.size())
               + " rejected";
    });
    timed("text health + quality checks", [&] {
        return std::to_string(qs::data::checkExamples(dataset.examples).size()) + " findings";
    });
    timed("exact duplicates (question, pair)", [&] {
        const size_t question =
            qs::data::findExactDuplicates(dataset.examples, qs::data::DuplicateKind::SameQuestion).size();
        const size_t pair = qs::data::findExactDuplicates(dataset.examples, qs::data::DuplicateKind::SamePair).size();
        return std::to_string(question) + " + " + std::to_string(pair) + " groups";
    });
    timed("near duplicates (MinHash LSH, 0.8)", [&] {
        return std::to_string(qs::data::findNearDuplicates(dataset.examples).size()) + " groups";
    });
    timed("statistics", [&] {
        const auto stats = qs::data::computeStatistics(dataset.examples);
        return "answer p50 " + std::to_string(stats.answer.p50) + " chars";
    });
    double sequential = 0;
    for (const Stage& stage : stages)
        sequential += stage.seconds;
    timed("inspectDataset: checks, duplicates, statistics on 2 threads", [&] {
        const auto inspection = qs::data::inspectDataset(dataset);
        return std::to_string(inspection.duplicates.size()) + " groups";
    });

    const double total = stages.front().seconds + stages.back().seconds;
    std::printf("Dataset benchmark: %zu synthetic Korean pairs, %.1f MB JSONL\n\n", pairs, megabytes);
    std::printf("| stage | seconds | result |\n|---|---:|---|\n");
    for (const Stage& stage : stages)
        std::printf("| %s | %.2f | %s |\n", stage.name, stage.seconds, stage.result.c_str());
    std::printf("| one thread, stages above in turn | %.2f | |\n", sequential);
    std::printf("| **import + inspectDataset (what the app and `data inspect` do)** | **%.2f** | goal < 10 s |\n\n",
                total);
    std::printf("Peak resident memory: %.0f MiB (%.0f MiB before import; goal < 1024 MiB)\n", peakResidentMiB(),
                baselineMiB);
    if (keep.empty())
        std::filesystem::remove(corpus);
    return 0;
}

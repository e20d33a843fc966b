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
#include "core/text/unicode.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
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

// Korean-looking text: common syllables in words of 1–4 syllables, with
// particles, digits and punctuation, so n-gram statistics resemble real text.
class SyntheticKorean {
public:
    explicit SyntheticKorean(uint32_t seed) : m_random(seed) {}

    std::string sentence(size_t syllables)
    {
        static const char32_t kCommon[] = U"가나다라마바사아자차카타파하교육과정센터보안금융정보수강료기간신청환급수료"
                                          U"시험강의실습운영관리규정담당직원회사개인데이터서비스시스템점검사고대응분석";
        static const char* kParticles[] = {"은", "는", "이", "가", "을", "를", "에", "에서", "으로", "와"};
        std::u32string text;
        size_t written = 0;
        while (written < syllables) {
            const size_t word = 1 + m_random() % 4;
            for (size_t i = 0; i < word; ++i)
                text.push_back(kCommon[m_random() % (std::size(kCommon) - 1)]);
            written += word;
            std::string tail = m_random() % 3 == 0 ? kParticles[m_random() % std::size(kParticles)] : "";
            if (m_random() % 9 == 0)
                tail += " " + std::to_string(m_random() % 1000);
            for (const char32_t c : qs::text::decodeUtf8(tail))
                text.push_back(c);
            text.push_back(m_random() % 11 == 0 ? U',' : U' ');
        }
        text.back() = U'.';
        return qs::text::encodeUtf8(text);
    }

    std::mt19937& random() { return m_random; }

private:
    std::mt19937 m_random;
};

std::string jsonEscape(const std::string& text)
{
    std::string out;
    for (const char c : text) {
        if (c == '"' || c == '\\')
            out.push_back('\\');
        out.push_back(c);
    }
    return out;
}

void writeCorpus(const std::filesystem::path& path, size_t pairs)
{
    SyntheticKorean korean(2026);
    std::ofstream out(path, std::ios::binary);
    std::string previous;
    for (size_t i = 0; i < pairs; ++i) {
        std::string question = korean.sentence(12 + korean.random()() % 20) + "?";
        std::string answer = korean.sentence(60 + korean.random()() % 90);
        if (i % 50 == 49)
            question = previous; // 2 % exact duplicate questions
        previous = question;
        out << "{\"instruction\": \"" << jsonEscape(question) << "\", \"output\": \"" << jsonEscape(answer)
            << "\", \"source\": \"synthetic.pdf\", \"page\": " << (i / 20 + 1) << "}\n";
    }
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
    writeCorpus(corpus, pairs);
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

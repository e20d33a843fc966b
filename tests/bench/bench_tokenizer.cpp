// Tokenizer throughput: single-thread encoding of a text file line by line
// (no special tokens), as tokens per second and megabytes per second.
//   bench_tokenizer --write FILE [--megabytes 50]      synthetic Korean text
//   bench_tokenizer --tokenizer DIR --text FILE        prints one table row
// and two helpers for the reference check on the GPU machine (tests/gpu/run.sh):
//   bench_tokenizer --train-demo DIR [--vocab 1500]    a BPE tokenizer trained on the demo dataset
//   bench_tokenizer --tokenizer DIR --dump-ids CORPUS.jsonl OUT.jsonl   ids of each corpus text
#include "core/base/atomic_file.h"
#include "core/data/dataset.h"
#include "core/text/bpe_trainer.h"
#include "core/text/tokenizer.h"
#include "tests/bench/synthetic_korean.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

int main(int argc, char** argv)
{
    std::string write, tokenizerDir, textFile, trainDemo, dumpCorpus, dumpOut;
    double megabytes = 50;
    size_t vocab = 1500;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--write"))
            write = argv[i + 1];
        else if (!std::strcmp(argv[i], "--megabytes"))
            megabytes = std::stod(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--tokenizer"))
            tokenizerDir = argv[i + 1];
        else if (!std::strcmp(argv[i], "--text"))
            textFile = argv[i + 1];
        else if (!std::strcmp(argv[i], "--vocab"))
            vocab = std::stoul(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--train-demo"))
            trainDemo = argv[i + 1];
        else if (!std::strcmp(argv[i], "--dump-ids") && i + 2 < argc) {
            dumpCorpus = argv[i + 1];
            dumpOut = argv[i + 2];
            ++i;
        }
    }
    if (!trainDemo.empty()) {
        std::vector<std::string> texts;
        for (const auto& e : qs::data::importDataset(QS_DEMO_DATASET).examples) {
            texts.push_back(e.instruction);
            texts.push_back(e.output);
        }
        qs::text::BpeTrainerOptions options;
        options.vocabSize = vocab;
        std::filesystem::create_directories(trainDemo);
        qs::writeFileAtomically(std::filesystem::path(trainDemo) / "tokenizer.json",
                                qs::text::trainByteLevelBpe(texts, options));
        return 0;
    }
    if (!dumpCorpus.empty()) {
        const qs::text::Tokenizer tokenizer = qs::text::Tokenizer::fromFolder(tokenizerDir);
        std::ifstream corpus(dumpCorpus);
        std::ofstream out(dumpOut);
        for (std::string line; std::getline(corpus, line);) {
            const std::string text = nlohmann::json::parse(line).get<std::string>();
            out << nlohmann::json{{"ids", tokenizer.encode(text, true).ids},
                                  {"ids_no_special", tokenizer.encode(text, false).ids}}.dump() << '\n';
        }
        return 0;
    }
    if (!write.empty()) {
        qs::bench::SyntheticKorean korean(7);
        std::ofstream out(write, std::ios::binary);
        size_t bytes = 0;
        while (double(bytes) < megabytes * 1e6) {
            const std::string line = korean.sentence(40 + korean.random()() % 80);
            out << line << '\n';
            bytes += line.size() + 1;
        }
        std::printf("wrote %.1f MB to %s\n", double(bytes) / 1e6, write.c_str());
        return 0;
    }
    if (tokenizerDir.empty() || textFile.empty()) {
        std::fprintf(stderr, "usage: bench_tokenizer --tokenizer DIR --text FILE | --write FILE [--megabytes N]\n");
        return 2;
    }
    const qs::text::Tokenizer tokenizer = qs::text::Tokenizer::fromFolder(tokenizerDir);
    std::ifstream in(textFile, std::ios::binary);
    std::vector<std::string> lines;
    size_t bytes = 0;
    for (std::string line; std::getline(in, line);) {
        bytes += line.size() + 1;
        lines.push_back(std::move(line));
    }
    const auto start = std::chrono::steady_clock::now();
    size_t tokens = 0;
    for (const std::string& line : lines)
        tokens += tokenizer.encode(line, false).ids.size();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("| qlora (C++, this build) | %.2f | %.2f | %.0f | %zu |\n", seconds, double(bytes) / 1e6 / seconds,
                double(tokens) / seconds, tokens);
    return 0;
}

// Tokenizer throughput: single-thread encoding of a text file line by line
// (no special tokens), as tokens per second and megabytes per second.
//   bench_tokenizer --write FILE [--megabytes 50]      synthetic Korean text
//   bench_tokenizer --tokenizer DIR --text FILE        prints one table row
#include "core/text/tokenizer.h"
#include "tests/bench/synthetic_korean.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

int main(int argc, char** argv)
{
    std::string write, tokenizerDir, textFile;
    double megabytes = 50;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--write"))
            write = argv[i + 1];
        else if (!std::strcmp(argv[i], "--megabytes"))
            megabytes = std::stod(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--tokenizer"))
            tokenizerDir = argv[i + 1];
        else if (!std::strcmp(argv[i], "--text"))
            textFile = argv[i + 1];
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

// The first examples of the bundled Korean demo dataset as a JSONL file, for
// tests that train on real question–answer pairs (QS_DEMO_DATASET).
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

namespace qs::test {

// Writes the first `count` records of QS_DEMO_DATASET to `path`; returns `path`.
inline std::filesystem::path writeDemoExamples(const std::filesystem::path& path, size_t count)
{
    std::ifstream in(QS_DEMO_DATASET);
    std::ofstream out(path);
    size_t written = 0;
    for (std::string line; written < count && std::getline(in, line);)
        if (nlohmann::json::parse(line, nullptr, false).is_object()) {
            out << line << '\n';
            ++written;
        }
    return path;
}

} // namespace qs::test

// The reference results transformers computed for the tiny checkpoints in
// tests/data/models (made by tests/reference/make_model_fixtures.py).
#pragma once

#include "core/base/read_file.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace qs::test {

inline std::filesystem::path modelFixtures()
{
    return QS_MODEL_FIXTURES;
}

inline const nlohmann::json& modelReference()
{
    static const nlohmann::json reference =
        nlohmann::json::parse(readWholeFile(modelFixtures() / "reference.json", "reference.json"));
    return reference;
}

inline std::vector<std::string> fixtureModels()
{
    return {"llama3", "mistral", "qwen2"};
}

} // namespace qs::test

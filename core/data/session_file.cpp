#include "core/data/session_file.h"

#include "core/base/atomic_file.h"
#include "core/base/error.h"
#include "core/base/read_file.h"

#include <nlohmann/json.hpp>

namespace qs::data {
namespace {
constexpr int kSessionVersion = 1;
} // namespace

void saveSession(const std::filesystem::path& path, const Session& session)
{
    const Dataset& dataset = session.dataset;
    nlohmann::json examples = nlohmann::json::array();
    for (size_t i = 0; i < dataset.examples.size(); ++i) {
        const QaExample& e = dataset.examples[i];
        examples.push_back({{"line", e.line}, {"system", e.system}, {"instruction", e.instruction},
                            {"input", e.input}, {"output", e.output}, {"original", e.original},
                            {"deleted", i < session.deleted.size() && session.deleted[i]}});
    }
    const nlohmann::json document = {{"qlora_studio_session", kSessionVersion},
                                     {"source", dataset.sourceName},
                                     {"format", sourceFormatName(dataset.report.format)},
                                     {"mapping", fieldMappingSpec(dataset.report.mapping)},
                                     {"examples", examples}};
    writeFileAtomically(path, document.dump());
}

Session loadSession(const std::filesystem::path& path)
{
    const nlohmann::json document =
        nlohmann::json::parse(readWholeFile(path, "the autosaved session"), nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded() || !document.is_object() || document.value("qlora_studio_session", 0) != kSessionVersion)
        throw Error("Not a QLoRA Studio session file", path.string(), "the autosave may be from another version");
    Session session;
    Dataset& dataset = session.dataset;
    try {
        dataset.sourceName = document.at("source").get<std::string>();
        dataset.report.mapping = parseFieldMapping(document.at("mapping").get<std::string>());
        for (const auto& e : document.at("examples")) {
            QaExample example;
            example.line = e.at("line").get<long>();
            example.system = e.at("system").get<std::string>();
            example.instruction = e.at("instruction").get<std::string>();
            example.input = e.at("input").get<std::string>();
            example.output = e.at("output").get<std::string>();
            example.original = e.at("original").get<std::string>();
            session.deleted.push_back(e.at("deleted").get<bool>());
            dataset.examples.push_back(std::move(example));
        }
    } catch (const nlohmann::json::exception& error) {
        throw Error(std::string("Damaged session file: ") + error.what(), path.string());
    }
    dataset.report.records = long(dataset.examples.size());
    return session;
}

} // namespace qs::data

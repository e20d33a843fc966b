#include "core/data/inspection.h"

#include <future>

namespace qs::data {
namespace {

nlohmann::ordered_json lengthJson(const LengthStatistics& stats)
{
    return {{"min", stats.min}, {"p50", stats.p50}, {"p90", stats.p90},
            {"p99", stats.p99}, {"max", stats.max}, {"mean", stats.mean}};
}

nlohmann::ordered_json mappingJson(const FieldMapping& mapping)
{
    switch (mapping.shape) {
    case RecordShape::OpenAiMessages: return {{"shape", "messages"}};
    case RecordShape::ShareGpt: return {{"shape", "sharegpt"}};
    case RecordShape::Flat: break;
    }
    return {{"shape", "flat"}, {"instruction", mapping.instruction}, {"input", mapping.input},
            {"output", mapping.output}, {"system", mapping.system}};
}

} // namespace

Inspection inspectDataset(const Dataset& dataset, const InspectOptions& options)
{
    // The three analyses only read the examples: run them side by side.
    const auto& examples = dataset.examples;
    auto near = std::async(std::launch::async, [&] { return findNearDuplicates(examples, options.near); });
    auto exact = std::async(std::launch::async, [&] {
        std::vector<DuplicateGroup> groups = findExactDuplicates(examples, DuplicateKind::SameQuestion);
        std::vector<DuplicateGroup> pairs = findExactDuplicates(examples, DuplicateKind::SamePair);
        std::move(pairs.begin(), pairs.end(), std::back_inserter(groups));
        return groups;
    });
    Inspection inspection;
    inspection.findings = checkExamples(examples, options.checks);
    inspection.statistics = computeStatistics(examples);
    inspection.duplicates = exact.get();
    std::vector<DuplicateGroup> nearGroups = near.get();
    std::move(nearGroups.begin(), nearGroups.end(), std::back_inserter(inspection.duplicates));
    return inspection;
}

nlohmann::ordered_json inspectionReport(const Dataset& dataset, const Inspection& inspection)
{
    const ImportReport& report = dataset.report;
    auto lineOf = [&](size_t example) { return dataset.examples[example].line; };

    nlohmann::ordered_json rejected = nlohmann::ordered_json::array();
    for (const RejectedRecord& record : report.rejected)
        rejected.push_back({{"line", record.line}, {"reason", record.reason}});

    nlohmann::ordered_json counts = nlohmann::ordered_json::object();
    nlohmann::ordered_json findings = nlohmann::ordered_json::array();
    for (const Finding& finding : inspection.findings) {
        const std::string name(checkName(finding.check));
        counts[name] = counts.value(name, 0) + 1;
        findings.push_back({{"line", lineOf(finding.example)},
                            {"field", fieldName(finding.field)},
                            {"check", name},
                            {"fixable", hasAutomaticFix(finding.check)},
                            {"reason", finding.reason}});
    }

    nlohmann::ordered_json duplicates = nlohmann::ordered_json::array();
    for (const DuplicateGroup& group : inspection.duplicates) {
        nlohmann::ordered_json lines = nlohmann::ordered_json::array();
        for (const size_t member : group.members)
            lines.push_back(lineOf(member));
        duplicates.push_back({{"kind", duplicateKindName(group.kind)},
                              {"lines", lines},
                              {"keeper_line", lineOf(group.keeper)},
                              {"similarity", group.similarity}});
    }

    return {
        {"file", dataset.sourceName},
        {"format", sourceFormatName(report.format)},
        {"byte_order_mark", report.byteOrderMark},
        {"crlf", report.crlf},
        {"mapping", mappingJson(report.mapping)},
        {"records", report.records},
        {"loaded", dataset.examples.size()},
        {"rejected", rejected},
        {"statistics", {{"question_chars", lengthJson(inspection.statistics.question)},
                        {"answer_chars", lengthJson(inspection.statistics.answer)}}},
        {"finding_counts", counts},
        {"findings", findings},
        {"duplicate_groups", duplicates},
    };
}

} // namespace qs::data

// `qlora data inspect` and `qlora data clean`: the dataset studio from the command line.
#include "app/cli/arguments.h"
#include "app/cli/cli_command.h"

#include "core/base/error.h"
#include "core/data/clean.h"
#include "core/data/dataset_export.h"
#include "core/data/inspection.h"

#include <cstdio>
#include <filesystem>

namespace qs::cli {
namespace {

constexpr size_t kListedPerSection = 40; // text output; --json lists everything

const std::set<std::string> kImportOptions = {"--fields", "--format"};

data::ImportOptions importOptions(const Arguments& args)
{
    data::ImportOptions options;
    if (const auto fields = args.value("--fields"))
        options.mapping = data::parseFieldMapping(*fields);
    if (const auto format = args.value("--format")) {
        if (*format == "jsonl")
            options.format = data::SourceFormat::Jsonl;
        else if (*format == "json")
            options.format = data::SourceFormat::JsonArray;
        else if (*format == "csv")
            options.format = data::SourceFormat::Csv;
        else
            throw Error("Unknown format '" + *format + "'", "--format", "use jsonl, json or csv");
    }
    return options;
}

std::string requireOneFile(const Arguments& args, const char* usage)
{
    if (args.positionals().size() != 1)
        throw Error("Expected one dataset file", "", std::string("usage: ") + usage);
    return args.positionals().front();
}

void printMore(size_t listed, size_t total)
{
    if (total > listed)
        std::printf("  ... and %zu more (--json lists all)\n", total - listed);
}

void printText(const nlohmann::ordered_json& report)
{
    std::printf("File:     %s\n", report["file"].get<std::string>().c_str());
    std::printf("Format:   %s%s%s\n", report["format"].get<std::string>().c_str(),
                report["byte_order_mark"].get<bool>() ? ", UTF-8 BOM" : "",
                report["crlf"].get<bool>() ? ", CRLF line ends" : "");
    std::printf("Records:  %ld (loaded %zu, rejected %zu)\n", report["records"].get<long>(),
                report["loaded"].get<size_t>(), report["rejected"].size());

    const auto& rejected = report["rejected"];
    if (!rejected.empty()) {
        std::printf("\nRejected:\n");
        for (size_t i = 0; i < rejected.size() && i < kListedPerSection; ++i)
            std::printf("  line %ld: %s\n", rejected[i]["line"].get<long>(),
                        rejected[i]["reason"].get<std::string>().c_str());
        printMore(kListedPerSection, rejected.size());
    }

    for (const char* side : {"question_chars", "answer_chars"}) {
        const auto& s = report["statistics"][side];
        std::printf("%s %-15s p50 %zu  p90 %zu  p99 %zu  max %zu  mean %.1f\n", side == std::string("question_chars") ? "\nLength:" : "       ",
                    side, s["p50"].get<size_t>(), s["p90"].get<size_t>(), s["p99"].get<size_t>(),
                    s["max"].get<size_t>(), s["mean"].get<double>());
    }

    const auto& findings = report["findings"];
    std::printf("\nFindings: %zu\n", findings.size());
    for (const auto& [check, count] : report["finding_counts"].items())
        std::printf("  %-24s %d\n", check.c_str(), count.get<int>());
    for (size_t i = 0; i < findings.size() && i < kListedPerSection; ++i)
        std::printf("  line %ld %s: [%s] %s\n", findings[i]["line"].get<long>(),
                    findings[i]["field"].get<std::string>().c_str(), findings[i]["check"].get<std::string>().c_str(),
                    findings[i]["reason"].get<std::string>().c_str());
    printMore(kListedPerSection, findings.size());

    const auto& groups = report["duplicate_groups"];
    std::printf("\nDuplicate groups: %zu\n", groups.size());
    for (size_t i = 0; i < groups.size() && i < kListedPerSection; ++i) {
        std::string lines;
        for (const auto& line : groups[i]["lines"])
            lines += (lines.empty() ? "" : ", ") + std::to_string(line.get<long>());
        std::printf("  %-13s lines %s (keep %ld, similarity %.2f)\n", groups[i]["kind"].get<std::string>().c_str(),
                    lines.c_str(), groups[i]["keeper_line"].get<long>(), groups[i]["similarity"].get<double>());
    }
    printMore(kListedPerSection, groups.size());
}

int runInspect(std::span<const std::string> rawArgs)
{
    std::set<std::string> values = kImportOptions;
    values.insert({"--threshold", "--min-answer"});
    const Arguments args(rawArgs, values, {"--json"});
    const std::string file = requireOneFile(args, "qlora data inspect FILE [--json]");

    const data::Dataset dataset = data::importDataset(file, importOptions(args));
    data::InspectOptions options;
    options.near.threshold = args.number("--threshold", options.near.threshold);
    options.checks.minAnswerChars = size_t(args.integer("--min-answer", long(options.checks.minAnswerChars)));
    const nlohmann::ordered_json report = data::inspectionReport(dataset, data::inspectDataset(dataset, options));
    if (args.has("--json"))
        std::printf("%s\n", report.dump(2).c_str());
    else
        printText(report);
    return 0;
}

data::DedupMode dedupMode(const std::string& name)
{
    if (name == "none")
        return data::DedupMode::None;
    if (name == "exact")
        return data::DedupMode::Exact;
    if (name == "near")
        return data::DedupMode::Near;
    throw Error("Unknown deduplication '" + name + "'", "--dedup", "use none, exact or near");
}

int runClean(std::span<const std::string> rawArgs)
{
    std::set<std::string> values = kImportOptions;
    values.insert({"--output", "--dedup", "--threshold", "--min-answer", "--split", "--seed"});
    const Arguments args(rawArgs, values, {"--drop-flagged", "--fix-text", "--overwrite", "--json"},
                         {{"-o", "--output"}});
    const char* usage = "qlora data clean FILE -o OUT [--dedup none|exact|near] [--threshold 0.8] [--drop-flagged]";
    const std::string file = requireOneFile(args, usage);
    const auto output = args.value("--output");
    if (!output)
        throw Error("No output file given", "", std::string("usage: ") + usage);

    const data::Dataset dataset = data::importDataset(file, importOptions(args));
    data::CleanOptions options;
    options.dedup = dedupMode(args.valueOr("--dedup", "none"));
    options.threshold = args.number("--threshold", options.threshold);
    options.dropFlagged = args.has("--drop-flagged");
    options.fixText = args.has("--fix-text");
    options.checks.minAnswerChars = size_t(args.integer("--min-answer", long(options.checks.minAnswerChars)));
    const data::CleanResult cleaned = data::cleanExamples(dataset.examples, options);

    data::ExportOptions exportOptions;
    exportOptions.overwriteSource = args.has("--overwrite");
    const double evalFraction = args.number("--split", 0.0);
    std::vector<std::pair<std::filesystem::path, std::vector<data::QaExample>>> outputs;
    if (evalFraction > 0.0) {
        const data::Split split = data::splitDataset(cleaned.examples.size(), evalFraction,
                                                     uint64_t(args.integer("--seed", 42)));
        auto pick = [&](const std::vector<size_t>& indices) {
            std::vector<data::QaExample> picked;
            for (const size_t i : indices)
                picked.push_back(cleaned.examples[i]);
            return picked;
        };
        std::filesystem::path evalPath = *output;
        evalPath.replace_extension(".eval.jsonl");
        outputs.emplace_back(*output, pick(split.train));
        outputs.emplace_back(evalPath, pick(split.eval));
    } else {
        outputs.emplace_back(*output, cleaned.examples);
    }
    for (const auto& [path, examples] : outputs)
        data::exportJsonl(examples, dataset.report.mapping, path, file, exportOptions);

    const data::CleanSummary& s = cleaned.summary;
    if (args.has("--json")) {
        nlohmann::ordered_json files = nlohmann::ordered_json::array();
        for (const auto& [path, examples] : outputs)
            files.push_back({{"path", path.string()}, {"examples", examples.size()}});
        const nlohmann::ordered_json summary = {
            {"input", s.input},         {"rejected_lines", dataset.report.rejected.size()},
            {"nfc_fields", s.fieldsNormalized}, {"fixed_fields", s.fieldsFixed},
            {"dropped_flagged", s.droppedFlagged}, {"dropped_duplicates", s.droppedDuplicates},
            {"output", s.output},       {"files", files}};
        std::printf("%s\n", summary.dump(2).c_str());
        return 0;
    }
    std::printf("Read %zu examples from %s (%zu lines rejected: see 'qlora data inspect').\n", s.input, file.c_str(),
                dataset.report.rejected.size());
    std::printf("NFC applied to %zu fields; other text fixes: %zu fields.\n", s.fieldsNormalized, s.fieldsFixed);
    std::printf("Dropped: %zu flagged, %zu duplicates.\n", s.droppedFlagged, s.droppedDuplicates);
    for (const auto& [path, examples] : outputs)
        std::printf("Wrote %zu examples to %s\n", examples.size(), path.string().c_str());
    return 0;
}

} // namespace

int runDataInspect(std::span<const std::string> args) { return runInspect(args); }
int runDataClean(std::span<const std::string> args) { return runClean(args); }

} // namespace qs::cli

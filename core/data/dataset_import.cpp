// Import of JSONL, JSON arrays and CSV. Every record that cannot be used is
// reported with its line and the reason, and the rest loads.
#include "core/data/dataset.h"

#include "core/base/error.h"
#include "core/base/read_file.h"
#include "core/data/csv.h"
#include "core/data/record_json.h"
#include "core/text/unicode.h"


namespace qs::data {
namespace {

constexpr int kMaxNesting = 64;           // Q&A records are two or three levels deep
constexpr size_t kMappingSampleSize = 200; // records looked at to detect the field mapping
constexpr std::string_view kBom = "\xEF\xBB\xBF";

SourceFormat formatFromName(const std::string& name)
{
    const std::string extension = std::filesystem::path(name).extension().string();
    if (extension == ".jsonl" || extension == ".ndjson")
        return SourceFormat::Jsonl;
    if (extension == ".csv" || extension == ".tsv")
        return SourceFormat::Csv;
    return SourceFormat::Auto;
}

// `.json` and unknown names: a JSON array starts with '['; anything else is read as JSONL.
SourceFormat formatFromContent(std::string_view bytes)
{
    const size_t first = bytes.find_first_not_of(" \t\r\n");
    return first != std::string_view::npos && bytes[first] == '[' ? SourceFormat::JsonArray : SourceFormat::Jsonl;
}

std::string describeParseError(const std::exception& error)
{
    // nlohmann messages start with "[json.exception.parse_error.101] "; the rest is for people.
    std::string message = error.what();
    const size_t bracket = message.find("] ");
    if (message.rfind("[json.exception", 0) == 0 && bracket != std::string::npos)
        message.erase(0, bracket + 2);
    return "invalid JSON: " + message;
}

// Checks that `text` can be handed to the JSON parser; returns the reason if not.
std::optional<std::string> unparsableReason(std::string_view text)
{
    const size_t invalid = text::findInvalidUtf8(text);
    if (invalid != text::kValidUtf8)
        return "invalid UTF-8 at byte " + std::to_string(invalid + 1)
               + " (the file may be in another encoding such as CP949/EUC-KR; save it as UTF-8)";
    if (jsonNestingDepth(text) > kMaxNesting)
        return "JSON nested more than " + std::to_string(kMaxNesting) + " levels deep";
    return std::nullopt;
}

std::vector<std::string> keysOf(const Record& record)
{
    std::vector<std::string> keys;
    if (record.is_object())
        for (const auto& item : record.items())
            keys.push_back(item.key());
    return keys;
}

struct Line {
    long number;
    std::string_view text;
};

std::vector<Line> splitLines(std::string_view bytes, bool& crlf)
{
    std::vector<Line> lines;
    long number = 0;
    size_t start = 0;
    while (start < bytes.size()) {
        size_t end = bytes.find('\n', start);
        if (end == std::string_view::npos)
            end = bytes.size();
        std::string_view text = bytes.substr(start, end - start);
        if (!text.empty() && text.back() == '\r') {
            text.remove_suffix(1);
            crlf = true;
        }
        lines.push_back({++number, text});
        start = end + 1;
    }
    return lines;
}

bool isBlank(std::string_view text)
{
    return text.find_first_not_of(" \t\r\f\v") == std::string_view::npos;
}

void importJsonl(std::string_view bytes, const ImportOptions& options, Dataset& dataset)
{
    ImportReport& report = dataset.report;
    const std::vector<Line> lines = splitLines(bytes, report.crlf);

    if (options.mapping) {
        report.mapping = *options.mapping;
    } else {
        std::vector<std::vector<std::string>> sample;
        for (const Line& line : lines) {
            if (sample.size() >= kMappingSampleSize)
                break;
            if (isBlank(line.text) || unparsableReason(line.text))
                continue;
            const Record record = Record::parse(line.text, nullptr, /*allow_exceptions=*/false);
            if (!record.is_discarded())
                sample.push_back(keysOf(record));
        }
        report.mapping = detectFieldMapping(sample);
    }

    dataset.examples.reserve(lines.size());
    for (const Line& line : lines) {
        ++report.records;
        if (isBlank(line.text)) {
            report.rejected.push_back({line.number, "empty line"});
            continue;
        }
        if (auto reason = unparsableReason(line.text)) {
            report.rejected.push_back({line.number, *reason});
            continue;
        }
        QaExample example;
        try {
            const Record record = Record::parse(line.text);
            if (auto reason = readRecordFields(record, report.mapping, example)) {
                report.rejected.push_back({line.number, *reason});
                continue;
            }
        } catch (const nlohmann::json::exception& error) {
            report.rejected.push_back({line.number, describeParseError(error)});
            continue;
        }
        example.line = line.number;
        example.original = std::string(line.text);
        dataset.examples.push_back(std::move(example));
    }
}

long lineOfByte(std::string_view bytes, size_t offset)
{
    offset = std::min(offset, bytes.size());
    return 1 + long(std::count(bytes.begin(), bytes.begin() + long(offset), '\n'));
}

void importJsonArray(std::string_view bytes, const ImportOptions& options, Dataset& dataset)
{
    ImportReport& report = dataset.report;
    report.crlf = bytes.find("\r\n") != std::string_view::npos;
    if (auto reason = unparsableReason(bytes)) {
        report.rejected.push_back({1, "the whole file: " + *reason});
        return;
    }
    Record all;
    try {
        all = Record::parse(bytes);
    } catch (const nlohmann::json::parse_error& error) {
        report.rejected.push_back({lineOfByte(bytes, error.byte), describeParseError(error)});
        return;
    }
    if (!all.is_array()) {
        report.rejected.push_back({1, "a .json dataset must be a list of records ([ {...}, {...} ])"});
        return;
    }
    if (options.mapping) {
        report.mapping = *options.mapping;
    } else {
        std::vector<std::vector<std::string>> sample;
        for (size_t i = 0; i < all.size() && i < kMappingSampleSize; ++i)
            sample.push_back(keysOf(all[i]));
        report.mapping = detectFieldMapping(sample);
    }
    for (size_t i = 0; i < all.size(); ++i) {
        ++report.records;
        const long element = long(i) + 1;
        QaExample example;
        if (auto reason = readRecordFields(all[i], report.mapping, example)) {
            report.rejected.push_back({element, "element " + std::to_string(element) + ": " + *reason});
            continue;
        }
        example.line = element;
        example.original = all[i].dump();
        dataset.examples.push_back(std::move(example));
    }
}

void importCsv(std::string_view bytes, const ImportOptions& options, Dataset& dataset)
{
    ImportReport& report = dataset.report;
    report.crlf = bytes.find("\r\n") != std::string_view::npos;
    if (const size_t invalid = text::findInvalidUtf8(bytes); invalid != text::kValidUtf8) {
        report.rejected.push_back({lineOfByte(bytes, invalid),
                                   "invalid UTF-8 (the file may be CP949/EUC-KR; save it as UTF-8); "
                                   "the CSV was not read"});
        return;
    }
    CsvTable table = parseCsv(bytes);
    for (const CsvProblem& problem : table.problems)
        report.rejected.push_back({problem.line, problem.reason});
    if (table.records.empty()) {
        report.rejected.push_back({1, "the CSV has no header line"});
        return;
    }
    const std::vector<std::string>& header = table.records.front().fields;
    report.mapping = options.mapping ? *options.mapping : detectFieldMapping({header});
    for (size_t r = 1; r < table.records.size(); ++r) {
        const CsvRecord& row = table.records[r];
        ++report.records;
        if (row.fields.size() != header.size()) {
            report.rejected.push_back({row.line, "has " + std::to_string(row.fields.size()) + " columns, the header has "
                                                     + std::to_string(header.size())});
            continue;
        }
        Record record = Record::object();
        for (size_t c = 0; c < header.size(); ++c)
            record[header[c]] = row.fields[c];
        QaExample example;
        if (auto reason = readRecordFields(record, report.mapping, example)) {
            report.rejected.push_back({row.line, *reason});
            continue;
        }
        example.line = row.line;
        example.original = record.dump();
        dataset.examples.push_back(std::move(example));
    }
}

} // namespace

std::string_view sourceFormatName(SourceFormat format)
{
    switch (format) {
    case SourceFormat::Auto: return "auto";
    case SourceFormat::Jsonl: return "jsonl";
    case SourceFormat::JsonArray: return "json";
    case SourceFormat::Csv: return "csv";
    }
    return "?";
}

Dataset importDataset(const std::filesystem::path& path, const ImportOptions& options)
{
    return importDatasetFromBytes(readWholeFile(path, "the dataset"), path.string(), options);
}

Dataset importDatasetFromBytes(std::string_view bytes, std::string sourceName, const ImportOptions& options)
{
    Dataset dataset;
    dataset.sourceName = std::move(sourceName);
    if (bytes.substr(0, kBom.size()) == kBom) {
        bytes.remove_prefix(kBom.size());
        dataset.report.byteOrderMark = true;
    }
    SourceFormat format = options.format;
    if (format == SourceFormat::Auto)
        format = formatFromName(dataset.sourceName);
    if (format == SourceFormat::Auto)
        format = formatFromContent(bytes);
    dataset.report.format = format;

    switch (format) {
    case SourceFormat::Csv: importCsv(bytes, options, dataset); break;
    case SourceFormat::JsonArray: importJsonArray(bytes, options, dataset); break;
    default: importJsonl(bytes, options, dataset); break;
    }
    return dataset;
}

} // namespace qs::data

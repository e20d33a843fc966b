#include "core/data/csv.h"

#include <algorithm>

namespace qs::data {
namespace {

char detectDelimiter(std::string_view text)
{
    const std::string_view header = text.substr(0, text.find('\n'));
    char best = ',';
    long bestCount = 0;
    for (const char candidate : {',', ';', '\t'}) {
        const long count = long(std::count(header.begin(), header.end(), candidate));
        if (count > bestCount) {
            best = candidate;
            bestCount = count;
        }
    }
    return best;
}

} // namespace

CsvTable parseCsv(std::string_view text)
{
    CsvTable table;
    table.delimiter = detectDelimiter(text);
    const char delimiter = table.delimiter;

    CsvRecord record;
    std::string field;
    long line = 1;
    record.line = 1;
    bool quoted = false;
    bool fieldStarted = false; // distinguishes an empty last line from an empty field
    long quoteLine = 0;

    auto endRecord = [&] {
        record.fields.push_back(std::move(field));
        field.clear();
        table.records.push_back(std::move(record));
        record = CsvRecord{};
        fieldStarted = false;
    };

    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field.push_back('"');
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n')
                    ++line;
                field.push_back(c);
            }
            continue;
        }
        if (c == '"' && field.empty()) {
            quoted = true;
            quoteLine = line;
            fieldStarted = true;
        } else if (c == delimiter) {
            record.fields.push_back(std::move(field));
            field.clear();
            fieldStarted = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
            if (fieldStarted || !field.empty() || !record.fields.empty())
                endRecord();
            ++line;
            record.line = line;
        } else {
            field.push_back(c);
            fieldStarted = true;
        }
    }
    if (quoted) {
        table.problems.push_back({quoteLine, "a quoted field is never closed (missing \")"});
        record = CsvRecord{}; // the unterminated record is not loaded
    } else if (fieldStarted || !field.empty() || !record.fields.empty()) {
        endRecord();
    }
    return table;
}

} // namespace qs::data

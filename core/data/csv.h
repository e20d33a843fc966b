// RFC 4180 CSV: quoted fields with "" escapes, quoted line breaks, LF or CRLF.
// The delimiter (comma, semicolon or tab) is taken from the header line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace qs::data {

struct CsvRecord {
    long line = 0; // 1-based line where the record starts
    std::vector<std::string> fields;
};

struct CsvProblem {
    long line = 0;
    std::string reason;
};

struct CsvTable {
    std::vector<CsvRecord> records; // the header is records[0]
    std::vector<CsvProblem> problems;
    char delimiter = ',';
};

CsvTable parseCsv(std::string_view text);

} // namespace qs::data

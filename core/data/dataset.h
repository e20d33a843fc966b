// A question–answer dataset loaded from JSONL, a JSON array or CSV, with the
// report of what was loaded and what was kept out (line and reason for each).
#pragma once

#include "core/data/field_mapping.h"
#include "core/data/qa_example.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qs::data {

enum class SourceFormat { Auto, Jsonl, JsonArray, Csv };
std::string_view sourceFormatName(SourceFormat format);

struct ImportOptions {
    SourceFormat format = SourceFormat::Auto;  // Auto: from the extension, then the first byte
    std::optional<FieldMapping> mapping;       // unset: detected from the records
};

struct RejectedRecord {
    long line = 0;      // 1-based line (element number for JSON arrays)
    std::string reason; // what is wrong, in words a user can act on
};

struct ImportReport {
    SourceFormat format = SourceFormat::Jsonl;
    FieldMapping mapping;
    bool byteOrderMark = false; // the file started with a UTF-8 BOM (removed)
    bool crlf = false;          // lines ended in CR LF
    long records = 0;           // records seen: loaded + rejected
    std::vector<RejectedRecord> rejected;
};

struct Dataset {
    std::string sourceName; // file path, or a name for data given as bytes
    std::vector<QaExample> examples;
    ImportReport report;
};

// Never throws for bad records (they go to report.rejected); throws qs::Error
// only when the file cannot be read at all or a given mapping is unusable.
Dataset importDataset(const std::filesystem::path& path, const ImportOptions& options = {});
Dataset importDatasetFromBytes(std::string_view bytes, std::string sourceName, const ImportOptions& options = {});

} // namespace qs::data

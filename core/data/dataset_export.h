// Writing examples back as JSONL, atomically. Unchanged records are written
// byte for byte as they were read; edited ones keep every field they had.
#pragma once

#include "core/data/dataset.h"

#include <filesystem>
#include <vector>

namespace qs::data {

struct ExportOptions {
    bool overwriteSource = false; // refuse to write over the file the data came from unless set
};

// Writes `examples` (read with `mapping`) to `path`. Throws qs::Error when the
// target is the source file and overwriteSource is not set, or writing fails.
void exportJsonl(const std::vector<QaExample>& examples, const FieldMapping& mapping,
                 const std::filesystem::path& path, const std::filesystem::path& sourcePath,
                 const ExportOptions& options = {});

// One JSONL line (without newline) for an example.
std::string exportRecord(const QaExample& example, const FieldMapping& mapping);

} // namespace qs::data

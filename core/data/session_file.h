// The dataset studio's autosave: every example with its edits and deletion
// mark, the source file and field mapping, written atomically so that a crash
// never loses work and the session can be restored as it was.
#pragma once

#include "core/data/dataset.h"

#include <filesystem>
#include <vector>

namespace qs::data {

struct Session {
    Dataset dataset;           // examples as edited
    std::vector<bool> deleted; // one mark per example
};

void saveSession(const std::filesystem::path& path, const Session& session);
// Throws qs::Error when the file is missing or not a session file.
Session loadSession(const std::filesystem::path& path);

} // namespace qs::data

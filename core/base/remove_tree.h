// Deleting a folder and everything in it, by a plain walk over directory_iterator.
// std::filesystem::remove_all segfaulted in the GPU build (GCC 13 against
// PyTorch 2.11's libtorch, 2026-11-29) on a folder of four files, while the same
// call in a program without libtorch did not; this walk uses only the calls
// that worked there.
#pragma once

#include <filesystem>

namespace qs {

// Removes `path` (a file or a folder tree); a missing path is not an error.
// Throws std::filesystem::filesystem_error when something cannot be removed.
void removeTree(const std::filesystem::path& path);

} // namespace qs

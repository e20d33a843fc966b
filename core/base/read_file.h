// Reading a whole file into memory, with an error that names what it was for.
#pragma once

#include <filesystem>
#include <string>

namespace qs {

// `what` names the file for the user ("the dataset"). Throws qs::Error.
std::string readWholeFile(const std::filesystem::path& path, const std::string& what);

} // namespace qs

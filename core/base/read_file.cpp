#include "core/base/read_file.h"

#include "core/base/error.h"

#include <fstream>
#include <sstream>

namespace qs {

std::string readWholeFile(const std::filesystem::path& path, const std::string& what)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error("Cannot open " + what, path.string(), "check that the file exists and can be read");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad())
        throw Error("Cannot read " + what, path.string());
    return std::move(bytes).str();
}

} // namespace qs

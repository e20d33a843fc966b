#include "core/base/remove_tree.h"

#include <vector>

namespace qs {

void removeTree(const std::filesystem::path& path)
{
    const std::filesystem::file_status status = std::filesystem::symlink_status(path);
    if (!std::filesystem::exists(status))
        return;
    if (std::filesystem::is_directory(status)) {
        std::vector<std::filesystem::path> children;
        for (const auto& entry : std::filesystem::directory_iterator(path))
            children.push_back(entry.path());
        for (const auto& child : children)
            removeTree(child);
    }
    std::filesystem::remove(path);
}

} // namespace qs

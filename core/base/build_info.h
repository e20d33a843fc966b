// What this build of the engine is: program version and the libtorch it runs on.
#pragma once

#include <string>

namespace qs {

struct BuildInfo {
    std::string programVersion; // "0.1.0"
    std::string torchVersion;   // libtorch's TORCH_VERSION, "1.13.1"
};

BuildInfo buildInfo();

} // namespace qs

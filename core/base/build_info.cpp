#include "core/base/build_info.h"

#include <torch/version.h>

namespace qs {

BuildInfo buildInfo()
{
    BuildInfo info;
    info.programVersion = QS_VERSION;
    info.torchVersion = TORCH_VERSION;
    return info;
}

} // namespace qs

#include "core/base/content_hash.h"

#include <cstdio>

namespace qs {

std::string contentFingerprint(std::string_view bytes)
{
    char text[32];
    std::snprintf(text, sizeof text, "fnv1a64:%016llx", static_cast<unsigned long long>(fnv1a64(bytes)));
    return text;
}

} // namespace qs

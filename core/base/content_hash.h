// A fingerprint of file contents (64-bit FNV-1a), recorded in run.json so that
// a resumed run can tell that its dataset or model config changed. Not a
// cryptographic hash: it guards against mistakes, not against tampering.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace qs {

inline uint64_t fnv1a64(std::string_view bytes)
{
    uint64_t hash = 0xcbf29ce484222325ULL;
    for (const char c : bytes) {
        hash ^= uint8_t(c);
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

// "fnv1a64:0123456789abcdef"
std::string contentFingerprint(std::string_view bytes);

} // namespace qs

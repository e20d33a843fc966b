// Character-level difference of two texts (longest common subsequence over
// code points), for showing what differs between near-duplicate examples.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace qs::text {

struct DiffSegment {
    enum Kind { Same, OnlyInFirst, OnlyInSecond };
    Kind kind = Same;
    std::string text; // UTF-8
};

// Segments in reading order; concatenating Same + OnlyInFirst gives `first`,
// Same + OnlyInSecond gives `second`. Texts longer than `maxChars` code points
// are compared as wholly different (the table would need maxChars² cells).
std::vector<DiffSegment> diffCharacters(std::string_view first, std::string_view second, size_t maxChars = 3000);

} // namespace qs::text

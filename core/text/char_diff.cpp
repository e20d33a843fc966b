#include "core/text/char_diff.h"

#include "core/text/unicode.h"

#include <cstdint>

namespace qs::text {
namespace {

void append(std::vector<DiffSegment>& segments, DiffSegment::Kind kind, char32_t c)
{
    if (segments.empty() || segments.back().kind != kind)
        segments.push_back({kind, {}});
    appendUtf8(segments.back().text, c);
}

} // namespace

std::vector<DiffSegment> diffCharacters(std::string_view first, std::string_view second, size_t maxChars)
{
    const std::u32string a = decodeUtf8(first);
    const std::u32string b = decodeUtf8(second);
    std::vector<DiffSegment> segments;
    if (a.size() > maxChars || b.size() > maxChars) {
        if (!a.empty())
            segments.push_back({DiffSegment::OnlyInFirst, std::string(first)});
        if (!b.empty())
            segments.push_back({DiffSegment::OnlyInSecond, std::string(second)});
        return segments;
    }
    // lcs[i][j]: length of the LCS of a[i..] and b[j..]
    const size_t rows = a.size() + 1;
    const size_t cols = b.size() + 1;
    std::vector<uint32_t> lcs(rows * cols, 0);
    for (size_t i = a.size(); i-- > 0;)
        for (size_t j = b.size(); j-- > 0;)
            lcs[i * cols + j] = a[i] == b[j] ? lcs[(i + 1) * cols + j + 1] + 1
                                             : std::max(lcs[(i + 1) * cols + j], lcs[i * cols + j + 1]);
    size_t i = 0;
    size_t j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i] == b[j]) {
            append(segments, DiffSegment::Same, a[i]);
            ++i;
            ++j;
        } else if (lcs[(i + 1) * cols + j] >= lcs[i * cols + j + 1]) {
            append(segments, DiffSegment::OnlyInFirst, a[i++]);
        } else {
            append(segments, DiffSegment::OnlyInSecond, b[j++]);
        }
    }
    while (i < a.size())
        append(segments, DiffSegment::OnlyInFirst, a[i++]);
    while (j < b.size())
        append(segments, DiffSegment::OnlyInSecond, b[j++]);
    return segments;
}

} // namespace qs::text

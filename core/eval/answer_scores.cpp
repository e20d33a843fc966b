#include "core/eval/answer_scores.h"

#include "core/text/unicode.h"

#include <algorithm>
#include <map>
#include <vector>

namespace qs::eval {
namespace {

double fMeasure(double overlap, size_t generated, size_t expected)
{
    if (overlap == 0)
        return 0;
    const double precision = overlap / double(generated);
    const double recall = overlap / double(expected);
    return 2 * precision * recall / (precision + recall);
}

size_t longestCommonSubsequence(const std::u32string& a, const std::u32string& b)
{
    std::vector<size_t> previous(b.size() + 1, 0), current(b.size() + 1, 0);
    for (const char32_t x : a) {
        for (size_t j = 0; j < b.size(); ++j)
            current[j + 1] = x == b[j] ? previous[j] + 1 : std::max(previous[j + 1], current[j]);
        std::swap(previous, current);
    }
    return previous[b.size()];
}

} // namespace

std::u32string comparableCharacters(std::string_view text)
{
    std::u32string kept;
    for (char32_t c : text::decodeUtf8(text::toNfc(text))) {
        if (text::isWhitespace(c) || text::isPunctuation(c))
            continue;
        if (c >= U'A' && c <= U'Z')
            c += U'a' - U'A';
        kept.push_back(c);
    }
    return kept;
}

AnswerScores scoreAnswer(std::string_view generated, std::string_view expected)
{
    const std::u32string g = comparableCharacters(generated);
    const std::u32string e = comparableCharacters(expected);
    AnswerScores scores;
    if (g.empty() || e.empty()) {
        scores.exactMatch = g.empty() && e.empty();
        scores.charF1 = scores.charRougeL = scores.exactMatch ? 1.0 : 0.0;
        return scores;
    }
    scores.exactMatch = g == e;
    std::map<char32_t, long> counts;
    for (const char32_t c : e)
        ++counts[c];
    size_t common = 0;
    for (const char32_t c : g)
        if (counts[c]-- > 0)
            ++common;
    scores.charF1 = fMeasure(double(common), g.size(), e.size());
    scores.charRougeL = fMeasure(double(longestCommonSubsequence(g, e)), g.size(), e.size());
    return scores;
}

} // namespace qs::eval

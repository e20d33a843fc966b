// A compiled PCRE2 pattern (UTF + Unicode properties, JIT when available) that
// finds every match in a text: the pre-tokenizer's Split. Patterns from
// tokenizer.json are Oniguruma syntax; the ones tokenizers use are PCRE2-compatible.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qs::text {

class RegexSplitter {
public:
    // Throws qs::Error with the pattern and PCRE2's message when it does not compile.
    explicit RegexSplitter(const std::string& pattern);
    ~RegexSplitter();
    RegexSplitter(RegexSplitter&&) noexcept;
    RegexSplitter& operator=(RegexSplitter&&) noexcept;

    // Byte ranges [begin, end) of all non-overlapping matches, left to right.
    std::vector<std::pair<size_t, size_t>> findAll(std::string_view text) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace qs::text

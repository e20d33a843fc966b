#include "core/text/regex_splitter.h"

#include "core/base/error.h"

#include <mutex>
#include <pcre2.h>

namespace qs::text {

struct RegexSplitter::Impl {
    pcre2_code* code = nullptr;
    ~Impl()
    {
        if (code)
            pcre2_code_free(code);
    }
};

RegexSplitter::RegexSplitter(const std::string& pattern)
    : m_impl(std::make_unique<Impl>())
{
    int errorCode = 0;
    PCRE2_SIZE errorOffset = 0;
    m_impl->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                 PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK, &errorCode, &errorOffset, nullptr);
    if (!m_impl->code) {
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(errorCode, message, sizeof message);
        throw Error(std::string("Cannot compile the pre-tokenizer pattern: ") + reinterpret_cast<char*>(message)
                        + " at offset " + std::to_string(errorOffset),
                    pattern);
    }
    pcre2_jit_compile(m_impl->code, PCRE2_JIT_COMPLETE); // falls back to the interpreter when JIT is unavailable
}

RegexSplitter::~RegexSplitter() = default;
RegexSplitter::RegexSplitter(RegexSplitter&&) noexcept = default;
RegexSplitter& RegexSplitter::operator=(RegexSplitter&&) noexcept = default;

std::vector<std::pair<size_t, size_t>> RegexSplitter::findAll(std::string_view text) const
{
    std::vector<std::pair<size_t, size_t>> matches;
    // Match data is per call: the splitter is shared between threads.
    pcre2_match_data* data = pcre2_match_data_create_from_pattern(m_impl->code, nullptr);
    const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
    size_t offset = 0;
    while (offset <= text.size()) {
        const int rc = pcre2_match(m_impl->code, subject, text.size(), offset, PCRE2_NO_UTF_CHECK, data, nullptr);
        if (rc < 0)
            break;
        const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data);
        const size_t begin = ovector[0];
        const size_t end = ovector[1];
        if (end == begin) { // empty match: step over one character
            size_t step = 1;
            while (begin + step < text.size() && (static_cast<unsigned char>(text[begin + step]) & 0xC0) == 0x80)
                ++step;
            offset = begin + step;
            continue;
        }
        matches.emplace_back(begin, end);
        offset = end;
    }
    pcre2_match_data_free(data);
    return matches;
}

} // namespace qs::text

#include "core/text/unicode.h"

#include "core/base/error.h"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <utf8proc.h>

namespace qs::text {
namespace {

// utf8proc_map with the given options; the result is malloc'ed by utf8proc.
std::string mapUtf8(std::string_view utf8, int options)
{
    utf8proc_uint8_t* mapped = nullptr;
    const utf8proc_ssize_t length = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(utf8.data()),
                                                 utf8proc_ssize_t(utf8.size()), &mapped,
                                                 utf8proc_option_t(options));
    if (length < 0)
        throw Error(std::string("Unicode normalisation failed: ") + utf8proc_errmsg(length));
    std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
    return std::string(reinterpret_cast<const char*>(mapped), size_t(length));
}

// Characters that are unchanged by NFC, NFKC and case folding: ASCII other
// than A–Z, and precomposed Hangul syllables. Most Korean Q&A text is only
// these, and checking for them is much cheaper than normalising.
bool isFoldStable(char32_t c)
{
    return (c < 0x80 && !(c >= U'A' && c <= U'Z')) || (c >= 0xAC00 && c <= 0xD7A3);
}

bool isNfcStable(char32_t c)
{
    return c < 0x300 || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x4E00 && c <= 0x9FFF);
}

} // namespace

size_t findInvalidUtf8(std::string_view bytes)
{
    const auto* data = reinterpret_cast<const utf8proc_uint8_t*>(bytes.data());
    size_t offset = 0;
    while (offset < bytes.size()) {
        if (data[offset] < 0x80) { // ASCII fast path
            ++offset;
            continue;
        }
        utf8proc_int32_t codepoint = 0;
        const utf8proc_ssize_t length =
            utf8proc_iterate(data + offset, utf8proc_ssize_t(bytes.size() - offset), &codepoint);
        if (length <= 0 || codepoint < 0)
            return offset;
        offset += size_t(length);
    }
    return kValidUtf8;
}

std::u32string decodeUtf8(std::string_view utf8)
{
    std::u32string out;
    out.reserve(utf8.size());
    const auto* data = reinterpret_cast<const utf8proc_uint8_t*>(utf8.data());
    size_t offset = 0;
    while (offset < utf8.size()) {
        utf8proc_int32_t codepoint = 0;
        const utf8proc_ssize_t length =
            utf8proc_iterate(data + offset, utf8proc_ssize_t(utf8.size() - offset), &codepoint);
        if (length <= 0 || codepoint < 0) { // invalid byte: U+FFFD, as decoders do
            out.push_back(U'\uFFFD');
            ++offset;
            continue;
        }
        out.push_back(char32_t(codepoint));
        offset += size_t(length);
    }
    return out;
}

std::string lossyUtf8(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size());
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    size_t i = 0;
    while (i < bytes.size()) {
        const unsigned char lead = data[i];
        if (lead < 0x80) {
            out.push_back(char(lead));
            ++i;
            continue;
        }
        // Expected length and the allowed range of the second byte (Unicode table 3-7).
        size_t length = 0;
        unsigned char low = 0x80, high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) length = 2;
        else if (lead == 0xE0) { length = 3; low = 0xA0; }
        else if (lead == 0xED) { length = 3; high = 0x9F; }
        else if (lead >= 0xE1 && lead <= 0xEF) length = 3;
        else if (lead == 0xF0) { length = 4; low = 0x90; }
        else if (lead == 0xF4) { length = 4; high = 0x8F; }
        else if (lead >= 0xF1 && lead <= 0xF3) length = 4;
        size_t valid = 1; // bytes of the maximal subpart seen so far
        if (length > 0) {
            for (size_t k = 1; k < length && i + k < bytes.size(); ++k) {
                const unsigned char byte = data[i + k];
                const bool ok = k == 1 ? byte >= low && byte <= high : byte >= 0x80 && byte <= 0xBF;
                if (!ok)
                    break;
                ++valid;
            }
        }
        if (length > 0 && valid == length) {
            out.append(bytes.substr(i, length));
        } else {
            out += "\xEF\xBF\xBD";
        }
        i += length > 0 && valid == length ? length : valid;
    }
    return out;
}

void appendUtf8(std::string& out, char32_t codepoint)
{
    utf8proc_uint8_t buffer[4];
    const utf8proc_ssize_t length = utf8proc_encode_char(utf8proc_int32_t(codepoint), buffer);
    out.append(reinterpret_cast<const char*>(buffer), size_t(length));
}

std::string encodeUtf8(std::u32string_view codepoints)
{
    std::string out;
    out.reserve(codepoints.size() * 3);
    for (const char32_t codepoint : codepoints)
        appendUtf8(out, codepoint);
    return out;
}

size_t codepointCount(std::string_view utf8)
{
    size_t count = 0;
    for (const char byte : utf8)
        count += (static_cast<unsigned char>(byte) & 0xC0) != 0x80; // count lead bytes
    return count;
}

std::string toNfc(std::string_view utf8)
{
    return mapUtf8(utf8, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}

bool isNfc(std::string_view utf8)
{
    // Below U+0300 nothing combines; precomposed Hangul and CJK ideographs are
    // NFC as they are. Only other text needs the full normalisation.
    const std::u32string codepoints = decodeUtf8(utf8);
    if (std::all_of(codepoints.begin(), codepoints.end(), isNfcStable))
        return true;
    return toNfc(utf8) == utf8;
}

bool isWhitespace(char32_t codepoint)
{
    if (codepoint == U'\t' || codepoint == U'\n' || codepoint == U'\r' || codepoint == U'\v' || codepoint == U'\f')
        return true;
    const utf8proc_category_t category = utf8proc_category(utf8proc_int32_t(codepoint));
    return category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL || category == UTF8PROC_CATEGORY_ZP;
}

bool isPunctuation(char32_t codepoint)
{
    const utf8proc_category_t category = utf8proc_category(utf8proc_int32_t(codepoint));
    return category >= UTF8PROC_CATEGORY_PC && category <= UTF8PROC_CATEGORY_PO;
}

bool isDisallowedControl(char32_t codepoint)
{
    if (codepoint == U'\t' || codepoint == U'\n' || codepoint == U'\r')
        return false;
    const utf8proc_category_t category = utf8proc_category(utf8proc_int32_t(codepoint));
    return category == UTF8PROC_CATEGORY_CC || (category == UTF8PROC_CATEGORY_CF && codepoint != U'\u200D');
}

std::string matchingKey(std::string_view utf8)
{
    std::u32string codepoints = decodeUtf8(utf8);
    if (!std::all_of(codepoints.begin(), codepoints.end(), isFoldStable)) {
        // A–Z only: folding is lowercasing. Anything else: NFKC + case fold.
        const bool asciiUpper = std::all_of(codepoints.begin(), codepoints.end(), [](char32_t c) {
            return isFoldStable(c) || (c >= U'A' && c <= U'Z');
        });
        if (asciiUpper)
            for (char32_t& c : codepoints)
                c = c >= U'A' && c <= U'Z' ? c + (U'a' - U'A') : c;
        else
            codepoints = decodeUtf8(
                mapUtf8(utf8, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD));
    }
    std::string key;
    key.reserve(utf8.size());
    bool pendingSpace = false;
    for (const char32_t codepoint : codepoints) {
        if (isWhitespace(codepoint)) {
            pendingSpace = !key.empty();
            continue;
        }
        if (isPunctuation(codepoint) || isDisallowedControl(codepoint))
            continue;
        if (pendingSpace)
            key.push_back(' ');
        pendingSpace = false;
        appendUtf8(key, codepoint);
    }
    return key;
}

} // namespace qs::text

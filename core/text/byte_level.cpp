#include "core/text/byte_level.h"

#include "core/text/unicode.h"

#include <unordered_map>

namespace qs::text {

const std::array<char32_t, 256>& byteToUnicode()
{
    // Printable Latin-1 bytes map to themselves; the others (controls, space,
    // 0x7F–0xA0, 0xAD) to 256, 257, ... in byte order.
    static const std::array<char32_t, 256> table = [] {
        std::array<char32_t, 256> map{};
        char32_t next = 256;
        for (int byte = 0; byte < 256; ++byte) {
            const bool printable = (byte >= '!' && byte <= '~') || (byte >= 0xA1 && byte <= 0xAC) || byte >= 0xAE;
            map[size_t(byte)] = printable ? char32_t(byte) : next++;
        }
        return map;
    }();
    return table;
}

std::string toByteLevel(std::string_view bytes)
{
    const auto& table = byteToUnicode();
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const char byte : bytes)
        appendUtf8(out, table[static_cast<unsigned char>(byte)]);
    return out;
}

std::string fromByteLevel(std::string_view byteLevel)
{
    static const std::unordered_map<char32_t, char> reverse = [] {
        std::unordered_map<char32_t, char> map;
        const auto& table = byteToUnicode();
        for (int byte = 0; byte < 256; ++byte)
            map[table[size_t(byte)]] = char(byte);
        return map;
    }();
    std::string out;
    out.reserve(byteLevel.size());
    for (const char32_t c : decodeUtf8(byteLevel)) {
        const auto it = reverse.find(c);
        if (it != reverse.end())
            out.push_back(it->second);
        else
            appendUtf8(out, c);
    }
    return out;
}

} // namespace qs::text

// GPT-2's byte-level alphabet: every byte maps to a printable code point so
// that byte sequences can live in a text vocabulary (used by Llama-3, Qwen2, GPT-2).
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace qs::text {

// The code point standing for each byte.
const std::array<char32_t, 256>& byteToUnicode();
// UTF-8 of the byte-level form of `bytes`.
std::string toByteLevel(std::string_view bytes);
// The bytes behind a byte-level string; characters outside the alphabet are kept as UTF-8.
std::string fromByteLevel(std::string_view byteLevel);

} // namespace qs::text

// UTF-8 and Unicode helpers over utf8proc: validation, decoding, normalisation
// (NFC for storage, NFKC + case fold for matching) and character classes.
// Every function that normalises expects valid UTF-8 (check with findInvalidUtf8).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace qs::text {

inline constexpr size_t kValidUtf8 = std::string_view::npos;

// Byte offset of the first invalid UTF-8 sequence (overlong, surrogate, out of
// range, truncated), or kValidUtf8.
size_t findInvalidUtf8(std::string_view bytes);
inline bool isValidUtf8(std::string_view bytes) { return findInvalidUtf8(bytes) == kValidUtf8; }

std::u32string decodeUtf8(std::string_view utf8);
// Valid UTF-8 for any bytes: each maximal invalid subsequence becomes one
// U+FFFD, as Rust's String::from_utf8_lossy does (what Hugging Face decoders give).
std::string lossyUtf8(std::string_view bytes);
void appendUtf8(std::string& out, char32_t codepoint);
std::string encodeUtf8(std::u32string_view codepoints);
size_t codepointCount(std::string_view utf8);

std::string toNfc(std::string_view utf8);
bool isNfc(std::string_view utf8);

// The key two texts share when they differ only in ways a reader ignores:
// NFKC, case folded, punctuation removed, whitespace runs collapsed to one
// space and trimmed. "  서울,  Seoul! " and "서울 seoul" give the same key.
std::string matchingKey(std::string_view utf8);

bool isWhitespace(char32_t codepoint);
bool isPunctuation(char32_t codepoint);
// Cc and Cf characters other than tab, newline and carriage return.
bool isDisallowedControl(char32_t codepoint);

} // namespace qs::text

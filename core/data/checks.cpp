#include "core/data/checks.h"

#include "core/text/unicode.h"

#include <algorithm>

namespace qs::data {
namespace {

// CP1252's printable characters in 0x80–0x9F; C1 controls map to themselves.
constexpr std::pair<char32_t, unsigned char> kCp1252High[] = {
    {U'\u20AC', 0x80}, {U'\u201A', 0x82}, {U'\u0192', 0x83}, {U'\u201E', 0x84}, {U'\u2026', 0x85},
    {U'\u2020', 0x86}, {U'\u2021', 0x87}, {U'\u02C6', 0x88}, {U'\u2030', 0x89}, {U'\u0160', 0x8A},
    {U'\u2039', 0x8B}, {U'\u0152', 0x8C}, {U'\u017D', 0x8E}, {U'\u2018', 0x91}, {U'\u2019', 0x92},
    {U'\u201C', 0x93}, {U'\u201D', 0x94}, {U'\u2022', 0x95}, {U'\u2013', 0x96}, {U'\u2014', 0x97},
    {U'\u02DC', 0x98}, {U'\u2122', 0x99}, {U'\u0161', 0x9A}, {U'\u203A', 0x9B}, {U'\u0153', 0x9C},
    {U'\u017E', 0x9E}, {U'\u0178', 0x9F},
};

// The byte a Latin-1/CP1252 decoder would have turned into `c`, or -1.
int cp1252Byte(char32_t c)
{
    if (c < 0x100)
        return int(c);
    for (const auto& [codepoint, byte] : kCp1252High)
        if (codepoint == c)
            return byte;
    return -1;
}

bool isMojibakeCandidate(char32_t c)
{
    return c >= 0x80 && cp1252Byte(c) >= 0;
}

// Re-decodes runs of Latin-1/CP1252 characters whose bytes form valid multi-byte UTF-8.
std::optional<std::string> repairMojibake(const std::u32string& codepoints)
{
    if (std::none_of(codepoints.begin(), codepoints.end(), isMojibakeCandidate))
        return std::nullopt;
    std::string out;
    bool repaired = false;
    size_t i = 0;
    while (i < codepoints.size()) {
        if (codepoints[i] < 0x80 || cp1252Byte(codepoints[i]) < 0) {
            text::appendUtf8(out, codepoints[i++]);
            continue;
        }
        // A run of non-ASCII characters that all have a CP1252 byte.
        std::string bytes;
        size_t end = i;
        while (end < codepoints.size() && codepoints[end] >= 0x80 && cp1252Byte(codepoints[end]) >= 0)
            bytes.push_back(char(cp1252Byte(codepoints[end++])));
        if (bytes.size() >= 2 && text::isValidUtf8(bytes)) {
            out += bytes;
            repaired = true;
        } else {
            out += text::encodeUtf8(std::u32string_view(codepoints).substr(i, end - i));
        }
        i = end;
    }
    return repaired ? std::optional<std::string>(out) : std::nullopt;
}

std::optional<std::string> removeCodepoints(const std::u32string& codepoints, bool (*remove)(char32_t))
{
    if (std::none_of(codepoints.begin(), codepoints.end(), remove))
        return std::nullopt;
    std::u32string kept;
    std::copy_if(codepoints.begin(), codepoints.end(), std::back_inserter(kept), [&](char32_t c) { return !remove(c); });
    return kept.size() == codepoints.size() ? std::nullopt : std::optional<std::string>(text::encodeUtf8(kept));
}

bool isReplacement(char32_t c) { return c == U'\uFFFD'; }

// Trims the ends, turns odd spaces (NBSP, ideographic space, ...) and runs of
// spaces into one ASCII space, and keeps at most one empty line.
std::optional<std::string> tidyWhitespace(const std::u32string& codepoints)
{
    std::u32string out;
    int newlines = 0;
    bool pendingSpace = false;
    for (const char32_t c : codepoints) {
        if (c == U'\n') {
            pendingSpace = false;
            ++newlines;
            continue;
        }
        if (c == U'\r')
            continue; // CR LF inside a field becomes LF
        if (text::isWhitespace(c)) {
            pendingSpace = true;
            continue;
        }
        if (!out.empty()) {
            if (newlines > 0)
                out.append(size_t(std::min(newlines, 2)), U'\n');
            else if (pendingSpace)
                out.push_back(U' ');
        }
        newlines = 0;
        pendingSpace = false;
        out.push_back(c);
    }
    return out == codepoints ? std::nullopt : std::optional<std::string>(text::encodeUtf8(out));
}

bool isBlank(std::string_view text)
{
    for (const char32_t c : text::decodeUtf8(text))
        if (!text::isWhitespace(c))
            return false;
    return true;
}

void checkText(const QaExample& example, size_t index, Field field, std::vector<Finding>& findings)
{
    const std::string& value = example.text(field);
    if (value.empty())
        return;
    auto add = [&](Check check, std::string reason) { findings.push_back({index, field, check, std::move(reason)}); };
    if (!text::isNfc(value))
        add(Check::NotNfc, "not in NFC form (decomposed characters, common in text extracted from PDF)");
    // One decoding serves every check below.
    const std::u32string codepoints = text::decodeUtf8(value);
    if (std::any_of(codepoints.begin(), codepoints.end(), isReplacement))
        add(Check::ReplacementCharacter, "contains U+FFFD '\xEF\xBF\xBD': characters were lost in a conversion");
    if (repairMojibake(codepoints))
        add(Check::Mojibake, "looks like UTF-8 read as Latin-1/CP1252 (mojibake)");
    if (std::any_of(codepoints.begin(), codepoints.end(), text::isDisallowedControl))
        add(Check::ControlCharacters, "contains control characters");
    if (tidyWhitespace(codepoints))
        add(Check::StrayWhitespace, "has stray whitespace (at the ends, repeated, or unusual spaces)");
}

} // namespace

std::string_view checkName(Check check)
{
    switch (check) {
    case Check::NotNfc: return "not-nfc";
    case Check::ReplacementCharacter: return "replacement-character";
    case Check::Mojibake: return "mojibake";
    case Check::ControlCharacters: return "control-characters";
    case Check::StrayWhitespace: return "stray-whitespace";
    case Check::EmptyField: return "empty-field";
    case Check::ShortAnswer: return "short-answer";
    case Check::AnswerEqualsQuestion: return "answer-equals-question";
    case Check::AnswerInQuestion: return "answer-in-question";
    case Check::TooLong: return "too-long";
    }
    return "?";
}

bool hasAutomaticFix(Check check)
{
    return check <= Check::StrayWhitespace;
}

bool isQualityCheck(Check check)
{
    return check >= Check::EmptyField;
}

std::optional<std::string> fixText(Check check, std::string_view text)
{
    switch (check) {
    case Check::NotNfc: {
        std::string nfc = text::toNfc(text);
        return nfc == text ? std::nullopt : std::optional<std::string>(std::move(nfc));
    }
    case Check::ReplacementCharacter: return removeCodepoints(text::decodeUtf8(text), &isReplacement);
    case Check::Mojibake: return repairMojibake(text::decodeUtf8(text));
    case Check::ControlCharacters: return removeCodepoints(text::decodeUtf8(text), &text::isDisallowedControl);
    case Check::StrayWhitespace: return tidyWhitespace(text::decodeUtf8(text));
    default: return std::nullopt;
    }
}

std::vector<Finding> checkExample(const QaExample& example, size_t index, const CheckOptions& options)
{
    std::vector<Finding> findings;
    for (const Field field : kAllFields)
        checkText(example, index, field, findings);

    auto add = [&](Field field, Check check, std::string reason) {
        findings.push_back({index, field, check, std::move(reason)});
    };
    const bool emptyQuestion = isBlank(example.instruction);
    const bool emptyAnswer = isBlank(example.output);
    if (emptyQuestion)
        add(Field::Instruction, Check::EmptyField, "the question is empty");
    if (emptyAnswer)
        add(Field::Output, Check::EmptyField, "the answer is empty");
    if (emptyQuestion || emptyAnswer)
        return findings;

    const std::string answerKey = text::matchingKey(example.output);
    const std::string questionKey = text::matchingKey(example.instruction);
    const size_t answerChars = text::codepointCount(answerKey);
    if (answerChars < options.minAnswerChars)
        add(Field::Output, Check::ShortAnswer,
            "the answer has " + std::to_string(answerChars) + " characters, fewer than "
                + std::to_string(options.minAnswerChars));
    if (answerKey == questionKey)
        add(Field::Output, Check::AnswerEqualsQuestion, "the answer repeats the question");
    else if (!answerKey.empty() && questionKey.find(answerKey) != std::string::npos)
        add(Field::Output, Check::AnswerInQuestion, "the answer is part of the question");
    if (options.tokenCount && options.maxSeqLen > 0) {
        const size_t tokens = options.tokenCount(example);
        if (tokens > options.maxSeqLen)
            add(Field::Output, Check::TooLong,
                std::to_string(tokens) + " tokens: will be truncated at max_seq_len "
                    + std::to_string(options.maxSeqLen));
    }
    return findings;
}

std::vector<Finding> checkExamples(const std::vector<QaExample>& examples, const CheckOptions& options)
{
    std::vector<Finding> findings;
    for (size_t i = 0; i < examples.size(); ++i) {
        std::vector<Finding> one = checkExample(examples[i], i, options);
        std::move(one.begin(), one.end(), std::back_inserter(findings));
    }
    return findings;
}

} // namespace qs::data

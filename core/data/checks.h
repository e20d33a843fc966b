// Checks on each example: text health (with an automatic fix that the caller
// can undo by keeping the old text) and quality (a person decides).
#pragma once

#include "core/data/qa_example.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qs::data {

enum class Check {
    // Text health: each has an automatic fix.
    NotNfc,               // decomposed Hangul and other non-NFC text (PDF extraction)
    ReplacementCharacter, // U+FFFD: text lost in a conversion
    Mojibake,             // UTF-8 read as Latin-1/CP1252 ("ì•ˆë…•" for "안녕")
    ControlCharacters,    // control and format characters other than tab and newline
    StrayWhitespace,      // leading/trailing whitespace, runs of spaces, odd spaces
    // Quality: no automatic fix.
    EmptyField,           // question or answer empty or whitespace only
    ShortAnswer,          // answer shorter than CheckOptions::minAnswerChars
    AnswerEqualsQuestion, // answer is the question again
    AnswerInQuestion,     // answer is contained in the question
    TooLong,              // longer than the token budget: will be truncated
};
inline constexpr int kCheckCount = int(Check::TooLong) + 1;

std::string_view checkName(Check check); // stable identifier: "not-nfc", "short-answer", ...
bool hasAutomaticFix(Check check);
bool isQualityCheck(Check check);

struct Finding {
    size_t example = 0; // index into the examples
    Field field = Field::Output;
    Check check = Check::NotNfc;
    std::string reason;
};

struct CheckOptions {
    size_t minAnswerChars = 3;
    // Once a tokenizer is chosen: tokens of a rendered example, and the budget.
    std::function<size_t(const QaExample&)> tokenCount;
    size_t maxSeqLen = 0;
};

std::vector<Finding> checkExample(const QaExample& example, size_t index, const CheckOptions& options = {});
std::vector<Finding> checkExamples(const std::vector<QaExample>& examples, const CheckOptions& options = {});

// The text with the automatic fix of `check` applied; nullopt when the check has
// no automatic fix or the text needs none.
std::optional<std::string> fixText(Check check, std::string_view text);

} // namespace qs::data

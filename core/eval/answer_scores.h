// How close a generated answer is to the expected one, at the character level
// (Korean words carry particles, so word-level overlap understates matches):
// exact match after normalisation, character F1 (KorQuAD-style bag of
// characters) and character ROUGE-L (longest common subsequence).
#pragma once

#include <string>
#include <string_view>

namespace qs::eval {

// NFC, whitespace and punctuation removed, ASCII lower-cased: the characters that are compared.
std::u32string comparableCharacters(std::string_view text);

struct AnswerScores {
    bool exactMatch = false;
    double charF1 = 0;
    double charRougeL = 0;
};

// Two empty answers match fully; one empty answer scores 0.
AnswerScores scoreAnswer(std::string_view generated, std::string_view expected);

} // namespace qs::eval

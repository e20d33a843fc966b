// One question–answer example as the dataset studio holds it: the four text
// fields training uses, where it came from, and the original record so that
// fields we do not use are written back unchanged.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace qs::data {

enum class Field { System = 0, Instruction, Input, Output };
inline constexpr std::array kAllFields = {Field::System, Field::Instruction, Field::Input, Field::Output};
std::string_view fieldName(Field field); // "system", "instruction", "input", "output"

struct QaExample {
    std::string system;
    std::string instruction; // the question
    std::string input;       // optional context (Alpaca)
    std::string output;      // the answer
    long line = 0;           // 1-based line (JSONL, CSV) or element number (JSON array) in the source
    std::string original;    // the source record as compact JSON (CSV rows as an object of all columns)

    std::string& text(Field field);
    const std::string& text(Field field) const;
};

} // namespace qs::data

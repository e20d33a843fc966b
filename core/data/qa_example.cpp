#include "core/data/qa_example.h"

namespace qs::data {

std::string_view fieldName(Field field)
{
    switch (field) {
    case Field::System: return "system";
    case Field::Instruction: return "instruction";
    case Field::Input: return "input";
    case Field::Output: return "output";
    }
    return "?";
}

std::string& QaExample::text(Field field)
{
    return const_cast<std::string&>(static_cast<const QaExample&>(*this).text(field));
}

const std::string& QaExample::text(Field field) const
{
    switch (field) {
    case Field::System: return system;
    case Field::Instruction: return instruction;
    case Field::Input: return input;
    case Field::Output: return output;
    }
    return output;
}

} // namespace qs::data

// A question–answer example for tests.
#pragma once

#include "core/data/qa_example.h"

#include <string>

namespace qs::test {

inline data::QaExample qaPair(const std::string& question, const std::string& answer)
{
    data::QaExample example;
    example.instruction = question;
    example.output = answer;
    return example;
}

} // namespace qs::test

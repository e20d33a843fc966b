// Token counts of examples as a model will see them: rendered in a prompt
// template and encoded, with the answer's end token. What "too long for
// max_seq_len" and the token histogram are measured in.
#pragma once

#include "core/data/qa_example.h"

#include <vector>

namespace qs::text {
class Tokenizer;
struct PromptTemplate;
} // namespace qs::text

namespace qs::data {

int countTokens(const QaExample& example, const text::Tokenizer& tokenizer, const text::PromptTemplate& promptTemplate);
std::vector<int> countTokens(const std::vector<QaExample>& examples, const text::Tokenizer& tokenizer,
                             const text::PromptTemplate& promptTemplate);

} // namespace qs::data

#include "core/data/token_counts.h"

#include "core/text/prompt_template.h"
#include "core/text/tokenizer.h"

namespace qs::data {

int countTokens(const QaExample& example, const text::Tokenizer& tokenizer, const text::PromptTemplate& promptTemplate)
{
    const text::PromptFields fields{example.system, example.instruction, example.input, example.output};
    return int(text::renderForTraining(promptTemplate, tokenizer, fields).ids.size());
}

std::vector<int> countTokens(const std::vector<QaExample>& examples, const text::Tokenizer& tokenizer,
                             const text::PromptTemplate& promptTemplate)
{
    std::vector<int> counts;
    counts.reserve(examples.size());
    for (const QaExample& example : examples)
        counts.push_back(countTokens(example, tokenizer, promptTemplate));
    return counts;
}

} // namespace qs::data

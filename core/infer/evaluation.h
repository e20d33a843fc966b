// Evaluation of answers (the seed guide's step 5, measured): each question of
// a dataset is asked in the prompt template, the base model's and the tuned
// model's answers are generated on the same loaded model (adapter off, then
// on), and each is scored against the expected answer.
#pragma once

#include "core/data/qa_example.h"
#include "core/eval/answer_scores.h"
#include "core/infer/generator.h"
#include "core/text/prompt_template.h"

#include <optional>

namespace qs::infer {

struct EvaluatedAnswer {
    size_t index = 0; // in the given examples
    std::string question;
    std::string expected;
    std::optional<std::string> base; // absent when the base was not asked
    std::optional<std::string> tuned; // absent without an adapter
    std::optional<eval::AnswerScores> baseScores;
    std::optional<eval::AnswerScores> tunedScores;
};

struct ScoreAverages {
    double exactMatch = 0; // share of answers
    double charF1 = 0;
    double charRougeL = 0;
};

struct EvaluationSummary {
    size_t examples = 0;
    std::optional<ScoreAverages> base;
    std::optional<ScoreAverages> tuned;
};

struct EvaluationOptions {
    text::PromptTemplate promptTemplate;
    GenerationOptions generation; // greedy by default, so scores are reproducible
    bool includeBase = true;      // also answer with the adapter off
};

// progress(done, total) after each example; return false to stop early (the
// answers so far are returned).
std::vector<EvaluatedAnswer> evaluateAnswers(model::LanguageModel& model, const text::Tokenizer& tokenizer,
                                             const std::vector<data::QaExample>& examples,
                                             const EvaluationOptions& options,
                                             const std::function<bool(size_t, size_t)>& progress = {});

EvaluationSummary summarize(const std::vector<EvaluatedAnswer>& answers);

} // namespace qs::infer

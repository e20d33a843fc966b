#include "core/infer/evaluation.h"

#include "core/text/tokenizer.h"

namespace qs::infer {
namespace {

ScoreAverages average(const std::vector<eval::AnswerScores>& scores)
{
    ScoreAverages sums;
    for (const eval::AnswerScores& s : scores) {
        sums.exactMatch += s.exactMatch ? 1.0 : 0.0;
        sums.charF1 += s.charF1;
        sums.charRougeL += s.charRougeL;
    }
    const double n = double(std::max<size_t>(1, scores.size()));
    return {sums.exactMatch / n, sums.charF1 / n, sums.charRougeL / n};
}

} // namespace

std::vector<EvaluatedAnswer> evaluateAnswers(model::LanguageModel& model, const text::Tokenizer& tokenizer,
                                             const std::vector<data::QaExample>& examples,
                                             const EvaluationOptions& options,
                                             const std::function<bool(size_t, size_t)>& progress)
{
    std::vector<EvaluatedAnswer> answers;
    for (size_t i = 0; i < examples.size(); ++i) {
        const data::QaExample& example = examples[i];
        const std::vector<int32_t> prompt = text::renderForGeneration(
            options.promptTemplate, tokenizer, {example.system, example.instruction, example.input, {}});
        const std::vector<int64_t> ids(prompt.begin(), prompt.end());
        EvaluatedAnswer answer;
        answer.index = i;
        answer.question = example.instruction;
        answer.expected = example.output;
        GenerationOptions generation = options.generation;
        if (options.includeBase || !model.hasAdapter()) {
            generation.useAdapter = false;
            answer.base = generate(model, tokenizer, ids, generation).text;
            answer.baseScores = eval::scoreAnswer(*answer.base, example.output);
        }
        if (model.hasAdapter()) {
            generation.useAdapter = true;
            answer.tuned = generate(model, tokenizer, ids, generation).text;
            answer.tunedScores = eval::scoreAnswer(*answer.tuned, example.output);
        }
        answers.push_back(std::move(answer));
        if (progress && !progress(i + 1, examples.size()))
            break;
    }
    return answers;
}

EvaluationSummary summarize(const std::vector<EvaluatedAnswer>& answers)
{
    EvaluationSummary summary;
    summary.examples = answers.size();
    std::vector<eval::AnswerScores> base, tuned;
    for (const EvaluatedAnswer& a : answers) {
        if (a.baseScores)
            base.push_back(*a.baseScores);
        if (a.tunedScores)
            tuned.push_back(*a.tunedScores);
    }
    if (!base.empty())
        summary.base = average(base);
    if (!tuned.empty())
        summary.tuned = average(tuned);
    return summary;
}

} // namespace qs::infer

#include "core/data/split.h"

#include "core/base/seeded_shuffle.h"
#include "core/text/unicode.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace qs::data {
namespace {

size_t percentile(const std::vector<size_t>& sorted, double p)
{
    const size_t index = size_t(std::ceil(p * double(sorted.size()))) - 1;
    return sorted[std::min(index, sorted.size() - 1)];
}

} // namespace

Split splitDataset(size_t count, double evalFraction, uint64_t seed)
{
    std::vector<size_t> order(count);
    std::iota(order.begin(), order.end(), size_t(0));
    seededShuffle(order, seed);

    size_t evalCount = size_t(std::llround(double(count) * std::clamp(evalFraction, 0.0, 1.0)));
    if (evalFraction > 0.0 && evalCount == 0 && count >= 2)
        evalCount = 1;
    Split split;
    split.eval.assign(order.begin(), order.begin() + long(evalCount));
    split.train.assign(order.begin() + long(evalCount), order.end());
    std::sort(split.eval.begin(), split.eval.end());
    std::sort(split.train.begin(), split.train.end());
    return split;
}

LengthStatistics lengthStatistics(std::vector<size_t> lengths)
{
    LengthStatistics stats;
    if (lengths.empty())
        return stats;
    std::sort(lengths.begin(), lengths.end());
    stats.min = lengths.front();
    stats.max = lengths.back();
    stats.p50 = percentile(lengths, 0.50);
    stats.p90 = percentile(lengths, 0.90);
    stats.p99 = percentile(lengths, 0.99);
    stats.mean = double(std::accumulate(lengths.begin(), lengths.end(), size_t(0))) / double(lengths.size());
    return stats;
}

DatasetStatistics computeStatistics(const std::vector<QaExample>& examples)
{
    std::vector<size_t> questions;
    std::vector<size_t> answers;
    questions.reserve(examples.size());
    answers.reserve(examples.size());
    for (const QaExample& example : examples) {
        questions.push_back(text::codepointCount(example.instruction));
        answers.push_back(text::codepointCount(example.output));
    }
    DatasetStatistics stats;
    stats.examples = examples.size();
    stats.question = lengthStatistics(std::move(questions));
    stats.answer = lengthStatistics(std::move(answers));
    return stats;
}

} // namespace qs::data

// Seeded train/eval split and length statistics of a dataset.
#pragma once

#include "core/data/qa_example.h"

#include <cstdint>
#include <vector>

namespace qs::data {

struct Split {
    std::vector<size_t> train; // example indices, ascending
    std::vector<size_t> eval;
};

// Shuffles with the seed (same seed, same split on every platform) and puts
// round(count * evalFraction) examples, at least one when count >= 2, into eval.
Split splitDataset(size_t count, double evalFraction, uint64_t seed);

struct LengthStatistics { // in characters (code points)
    size_t min = 0, p50 = 0, p90 = 0, p99 = 0, max = 0;
    double mean = 0.0;
};

struct DatasetStatistics {
    size_t examples = 0;
    LengthStatistics question;
    LengthStatistics answer;
};

DatasetStatistics computeStatistics(const std::vector<QaExample>& examples);
LengthStatistics lengthStatistics(std::vector<size_t> lengths);

} // namespace qs::data

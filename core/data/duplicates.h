// Duplicate detection: exact after normalisation (text::matchingKey) on the
// question or the whole pair, and near-duplicates by MinHash + LSH over
// character n-grams (no word splitting, so Korean needs no morphological analyser).
#pragma once

#include "core/data/qa_example.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace qs::data {

enum class DuplicateKind { SameQuestion, SamePair, Near };
std::string_view duplicateKindName(DuplicateKind kind); // "same-question", "same-pair", "near"

struct DuplicateGroup {
    DuplicateKind kind = DuplicateKind::SamePair;
    std::vector<size_t> members; // example indices, ascending
    size_t keeper = 0;           // suggested example to keep (one of members)
    double similarity = 1.0;     // lowest estimated Jaccard similarity inside the group (1 for exact)
};

std::vector<DuplicateGroup> findExactDuplicates(const std::vector<QaExample>& examples, DuplicateKind kind);

struct NearDuplicateOptions {
    double threshold = 0.8;   // Jaccard similarity of the n-gram sets
    int ngram = 3;            // characters per shingle
    int hashes = 128;         // MinHash signature length
    uint64_t seed = 0x5157'4c6f'5241ULL;
};

std::vector<DuplicateGroup> findNearDuplicates(const std::vector<QaExample>& examples,
                                               const NearDuplicateOptions& options = {});

// The example to keep among duplicates: the longest answer, then the earliest.
size_t suggestKeeper(const std::vector<QaExample>& examples, const std::vector<size_t>& members);

} // namespace qs::data

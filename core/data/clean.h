// The cleaning pipeline behind `qlora data clean`: Unicode NFC (and optionally
// every automatic text fix), dropping flagged examples, and deduplication.
#pragma once

#include "core/data/checks.h"
#include "core/data/qa_example.h"

#include <vector>

namespace qs::data {

enum class DedupMode { None, Exact, Near };

struct CleanOptions {
    DedupMode dedup = DedupMode::None; // Exact: one example per normalised question
    double threshold = 0.8;            // Near: Jaccard similarity of the pair's character n-grams
    bool fixText = false;              // apply every automatic text fix, not only NFC
    bool dropFlagged = false;          // drop examples with quality findings
    CheckOptions checks;
};

struct CleanSummary {
    size_t input = 0;
    size_t fieldsNormalized = 0;  // fields changed to NFC
    size_t fieldsFixed = 0;       // fields changed by the other text fixes
    size_t droppedFlagged = 0;
    size_t droppedDuplicates = 0;
    size_t output = 0;
};

struct CleanResult {
    std::vector<QaExample> examples;
    CleanSummary summary;
};

CleanResult cleanExamples(std::vector<QaExample> examples, const CleanOptions& options);

} // namespace qs::data

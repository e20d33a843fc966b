// Everything `qlora data inspect` and the Dataset page show about a dataset:
// the import report, findings of every check, duplicate groups, statistics.
#pragma once

#include "core/data/checks.h"
#include "core/data/dataset.h"
#include "core/data/duplicates.h"
#include "core/data/split.h"

#include <nlohmann/json.hpp>
#include <vector>

namespace qs::data {

struct InspectOptions {
    CheckOptions checks;
    NearDuplicateOptions near;
};

struct Inspection {
    std::vector<Finding> findings;
    std::vector<DuplicateGroup> duplicates; // same-question, same-pair, then near groups
    DatasetStatistics statistics;
};

Inspection inspectDataset(const Dataset& dataset, const InspectOptions& options = {});

// The machine-readable report (`qlora data inspect --json`); examples are named
// by their source line.
nlohmann::ordered_json inspectionReport(const Dataset& dataset, const Inspection& inspection);

} // namespace qs::data

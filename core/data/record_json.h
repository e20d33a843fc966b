// Reading the mapped fields out of a JSON record and writing edited fields back
// into it, leaving every other key as it was. Used by import and export.
#pragma once

#include "core/data/field_mapping.h"
#include "core/data/qa_example.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace qs::data {

using Record = nlohmann::ordered_json;

// Fills the example's text fields; returns the reason when the record does not fit.
std::optional<std::string> readRecordFields(const Record& record, const FieldMapping& mapping, QaExample& example);

// The record with the example's current texts in the mapped places.
Record writeRecordFields(Record record, const FieldMapping& mapping, const QaExample& example);

// Deepest nesting of arrays and objects in JSON text (strings skipped), to
// refuse pathological input before a parser recurses into it.
int jsonNestingDepth(std::string_view json);

} // namespace qs::data

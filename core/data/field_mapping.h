// Which keys of a record hold the question, the answer and the rest. Detected
// from the keys the records use, or given by the user.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace qs::data {

enum class RecordShape {
    Flat,           // {"instruction": ..., "input": ..., "output": ...} and other key pairs
    OpenAiMessages, // {"messages": [{"role": "system|user|assistant", "content": ...}]}
    ShareGpt,       // {"conversations": [{"from": "system|human|gpt", "value": ...}]}
};

struct FieldMapping {
    RecordShape shape = RecordShape::Flat;
    // Key names for Flat records; an empty name means the field is not read.
    std::string system;
    std::string instruction = "instruction";
    std::string input;
    std::string output = "output";

    // "instruction+input → output", "messages (OpenAI)", ...
    std::string describe() const;
    bool operator==(const FieldMapping&) const = default;
};

// Picks the mapping that fits the most records, from each record's key names.
// Returns the default (instruction/output) when nothing fits.
FieldMapping detectFieldMapping(const std::vector<std::vector<std::string>>& recordKeys);

// Parses a user's mapping: "messages", "sharegpt", or "instruction=q,output=a[,input=c][,system=s]".
// Throws qs::Error with a hint on a bad spec.
FieldMapping parseFieldMapping(std::string_view spec);
// The spec parseFieldMapping reads back into the same mapping.
std::string fieldMappingSpec(const FieldMapping& mapping);

} // namespace qs::data

#include "core/data/field_mapping.h"

#include "core/base/error.h"

#include <algorithm>
#include <sstream>

namespace qs::data {
namespace {

struct Candidate {
    FieldMapping mapping;
    std::vector<std::string> required; // keys a record must have to fit
};

std::vector<Candidate> candidates()
{
    auto flat = [](std::string instruction, std::string output, std::string input = {}, std::string system = {}) {
        FieldMapping mapping;
        mapping.instruction = std::move(instruction);
        mapping.output = std::move(output);
        mapping.input = std::move(input);
        mapping.system = std::move(system);
        return mapping;
    };
    FieldMapping messages;
    messages.shape = RecordShape::OpenAiMessages;
    FieldMapping shareGpt;
    shareGpt.shape = RecordShape::ShareGpt;
    // Ordered by preference when several fit equally well.
    return {
        {messages, {"messages"}},
        {shareGpt, {"conversations"}},
        {flat("instruction", "output", "input", "system"), {"instruction", "output"}},
        {flat("question", "answer", "context", "system"), {"question", "answer"}},
        {flat("prompt", "completion", "", "system"), {"prompt", "completion"}},
        {flat("query", "response", "", "system"), {"query", "response"}},
        {flat("instruction", "response", "input", "system"), {"instruction", "response"}},
        {flat("질문", "답변", "", ""), {"질문", "답변"}},
    };
}

} // namespace

std::string FieldMapping::describe() const
{
    switch (shape) {
    case RecordShape::OpenAiMessages: return "messages (OpenAI chat)";
    case RecordShape::ShareGpt: return "conversations (ShareGPT)";
    case RecordShape::Flat: break;
    }
    std::string text = instruction;
    if (!input.empty())
        text += "+" + input;
    text += " → " + output;
    if (!system.empty())
        text += " (system: " + system + ")";
    return text;
}

FieldMapping detectFieldMapping(const std::vector<std::vector<std::string>>& recordKeys)
{
    const std::vector<Candidate> all = candidates();
    size_t bestCount = 0;
    const Candidate* best = nullptr;
    for (const Candidate& candidate : all) {
        const size_t count = size_t(std::count_if(recordKeys.begin(), recordKeys.end(), [&](const auto& keys) {
            return std::all_of(candidate.required.begin(), candidate.required.end(), [&](const std::string& key) {
                return std::find(keys.begin(), keys.end(), key) != keys.end();
            });
        }));
        if (count > bestCount) {
            bestCount = count;
            best = &candidate;
        }
    }
    return best ? best->mapping : FieldMapping{};
}

FieldMapping parseFieldMapping(std::string_view spec)
{
    FieldMapping mapping;
    if (spec == "messages" || spec == "openai") {
        mapping.shape = RecordShape::OpenAiMessages;
        return mapping;
    }
    if (spec == "sharegpt" || spec == "conversations") {
        mapping.shape = RecordShape::ShareGpt;
        return mapping;
    }
    const std::string hint = "write the mapping as instruction=KEY,output=KEY[,input=KEY][,system=KEY], "
                             "or 'messages' or 'sharegpt'";
    mapping.instruction.clear();
    mapping.output.clear();
    std::istringstream parts{std::string(spec)};
    for (std::string part; std::getline(parts, part, ',');) {
        const size_t equals = part.find('=');
        if (equals == std::string::npos || equals == 0 || equals + 1 == part.size())
            throw Error("Bad field mapping part '" + part + "'", std::string(spec), hint);
        const std::string field = part.substr(0, equals);
        const std::string key = part.substr(equals + 1);
        if (field == "instruction")
            mapping.instruction = key;
        else if (field == "output")
            mapping.output = key;
        else if (field == "input")
            mapping.input = key;
        else if (field == "system")
            mapping.system = key;
        else
            throw Error("Unknown field '" + field + "' in the field mapping", std::string(spec), hint);
    }
    if (mapping.instruction.empty() || mapping.output.empty())
        throw Error("The field mapping needs both instruction and output", std::string(spec), hint);
    return mapping;
}

std::string fieldMappingSpec(const FieldMapping& mapping)
{
    switch (mapping.shape) {
    case RecordShape::OpenAiMessages: return "messages";
    case RecordShape::ShareGpt: return "sharegpt";
    case RecordShape::Flat: break;
    }
    std::string spec = "instruction=" + mapping.instruction + ",output=" + mapping.output;
    if (!mapping.input.empty())
        spec += ",input=" + mapping.input;
    if (!mapping.system.empty())
        spec += ",system=" + mapping.system;
    return spec;
}

} // namespace qs::data

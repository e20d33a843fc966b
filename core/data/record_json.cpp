#include "core/data/record_json.h"

namespace qs::data {
namespace {

std::string typeName(const Record& value)
{
    if (value.is_null())
        return "null";
    if (value.is_number())
        return "a number";
    if (value.is_boolean())
        return "true/false";
    if (value.is_array())
        return "a list";
    if (value.is_object())
        return "an object";
    return "text";
}

// Reads record[key] as text into `out`. A missing optional key leaves `out` empty.
std::optional<std::string> readText(const Record& record, const std::string& key, bool required, std::string& out)
{
    const auto it = record.find(key);
    if (it == record.end())
        return required ? std::optional<std::string>("missing field '" + key + "'") : std::nullopt;
    if (it->is_null() && !required)
        return std::nullopt;
    if (!it->is_string())
        return "field '" + key + "' is " + typeName(*it) + ", not text";
    out = it->get<std::string>();
    return std::nullopt;
}

struct TurnKeys {
    const char* list;    // "messages" | "conversations"
    const char* speaker; // "role" | "from"
    const char* text;    // "content" | "value"
};

TurnKeys turnKeys(RecordShape shape)
{
    return shape == RecordShape::OpenAiMessages ? TurnKeys{"messages", "role", "content"}
                                                : TurnKeys{"conversations", "from", "value"};
}

enum class Speaker { System, User, Assistant, Other };

Speaker speakerOf(const std::string& name)
{
    if (name == "system")
        return Speaker::System;
    if (name == "user" || name == "human")
        return Speaker::User;
    if (name == "assistant" || name == "gpt" || name == "model")
        return Speaker::Assistant;
    return Speaker::Other;
}

// Indices of the system turn, the first user turn and the assistant turn after it (-1 if absent).
struct TurnIndices {
    long system = -1;
    long user = -1;
    long assistant = -1;
};

std::optional<std::string> findTurns(const Record& record, const TurnKeys& keys, TurnIndices& turns)
{
    const auto list = record.find(keys.list);
    if (list == record.end())
        return std::string("missing field '") + keys.list + "'";
    if (!list->is_array())
        return std::string("field '") + keys.list + "' is " + typeName(*list) + ", not a list";
    for (size_t i = 0; i < list->size(); ++i) {
        const Record& turn = (*list)[i];
        if (!turn.is_object() || !turn.contains(keys.speaker) || !turn[keys.speaker].is_string()
            || !turn.contains(keys.text) || !turn[keys.text].is_string())
            return std::string(keys.list) + "[" + std::to_string(i) + "] needs text fields '" + keys.speaker
                   + "' and '" + keys.text + "'";
        switch (speakerOf(turn[keys.speaker].get<std::string>())) {
        case Speaker::System:
            if (turns.system < 0 && turns.user < 0)
                turns.system = long(i);
            break;
        case Speaker::User:
            if (turns.user < 0)
                turns.user = long(i);
            break;
        case Speaker::Assistant:
            if (turns.user >= 0 && turns.assistant < 0)
                turns.assistant = long(i);
            break;
        case Speaker::Other: break;
        }
    }
    if (turns.user < 0)
        return std::string(keys.list) + " has no user turn";
    if (turns.assistant < 0)
        return std::string(keys.list) + " has no assistant turn after the user turn";
    return std::nullopt;
}

} // namespace

std::optional<std::string> readRecordFields(const Record& record, const FieldMapping& mapping, QaExample& example)
{
    if (!record.is_object())
        return "the record is " + typeName(record) + ", not an object";
    if (mapping.shape != RecordShape::Flat) {
        const TurnKeys keys = turnKeys(mapping.shape);
        TurnIndices turns;
        if (auto problem = findTurns(record, keys, turns))
            return problem;
        const Record& list = record[keys.list];
        if (turns.system >= 0)
            example.system = list[size_t(turns.system)][keys.text].get<std::string>();
        example.instruction = list[size_t(turns.user)][keys.text].get<std::string>();
        example.output = list[size_t(turns.assistant)][keys.text].get<std::string>();
        return std::nullopt;
    }
    if (auto problem = readText(record, mapping.instruction, /*required=*/true, example.instruction))
        return problem;
    if (auto problem = readText(record, mapping.output, /*required=*/true, example.output))
        return problem;
    if (!mapping.input.empty())
        if (auto problem = readText(record, mapping.input, /*required=*/false, example.input))
            return problem;
    if (!mapping.system.empty())
        if (auto problem = readText(record, mapping.system, /*required=*/false, example.system))
            return problem;
    return std::nullopt;
}

Record writeRecordFields(Record record, const FieldMapping& mapping, const QaExample& example)
{
    if (!record.is_object())
        record = Record::object();
    if (mapping.shape != RecordShape::Flat) {
        const TurnKeys keys = turnKeys(mapping.shape);
        TurnIndices turns;
        if (findTurns(record, keys, turns)) { // not a readable conversation: write a fresh one
            const bool openAi = mapping.shape == RecordShape::OpenAiMessages;
            Record list = Record::array();
            if (!example.system.empty())
                list.push_back({{keys.speaker, "system"}, {keys.text, example.system}});
            list.push_back({{keys.speaker, openAi ? "user" : "human"}, {keys.text, example.instruction}});
            list.push_back({{keys.speaker, openAi ? "assistant" : "gpt"}, {keys.text, example.output}});
            record[keys.list] = std::move(list);
            return record;
        }
        Record& list = record[keys.list];
        if (turns.system >= 0)
            list[size_t(turns.system)][keys.text] = example.system;
        list[size_t(turns.user)][keys.text] = example.instruction;
        list[size_t(turns.assistant)][keys.text] = example.output;
        return record;
    }
    record[mapping.instruction] = example.instruction;
    record[mapping.output] = example.output;
    // Optional fields are written when the record had them or they now hold text.
    if (!mapping.input.empty() && (record.contains(mapping.input) || !example.input.empty()))
        record[mapping.input] = example.input;
    if (!mapping.system.empty() && (record.contains(mapping.system) || !example.system.empty()))
        record[mapping.system] = example.system;
    return record;
}

int jsonNestingDepth(std::string_view json)
{
    int depth = 0;
    int deepest = 0;
    bool inString = false;
    for (size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return deepest;
}

} // namespace qs::data

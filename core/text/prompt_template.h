// Prompt templates: how a question–answer example becomes the text a model is
// trained on, and which of its tokens carry the loss (the answer and its end
// token). The seed guide's Korean instruction–response form, Llama-3 chat,
// ChatML, and a user-defined template with {system}, {instruction}, {input},
// {output}. A model's chat_template is recognised by its signature (no Jinja runs).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qs::text {

class Tokenizer;

enum class TemplateKind { KoreanInstruction, Llama3Chat, ChatMl, Custom };

struct PromptTemplate {
    TemplateKind kind = TemplateKind::KoreanInstruction;
    std::string custom; // for Custom: text with {system} {instruction} {input} {output}

    // "korean", "llama3", "chatml", or any text with {output} (a custom template).
    // Throws qs::Error for a custom text without exactly one {output}.
    static PromptTemplate fromName(std::string_view nameOrText);
    std::string name() const;
};

struct PromptFields {
    std::string system;
    std::string instruction;
    std::string input;
    std::string output;
};

// The text up to the answer, and the answer with what ends it. The end token
// (EOS, <|eot_id|>, <|im_end|>) is not in `answer`: it is added as an id.
struct PromptText {
    std::string prompt;
    std::string answer;
};

PromptText renderText(const PromptTemplate& promptTemplate, const PromptFields& fields);

struct RenderedExample {
    std::vector<int32_t> ids;
    std::vector<uint8_t> trained; // 1 where the loss is computed: the answer and its end token
    size_t promptTokens = 0;
};

// Token ids of a training example. The whole text is encoded at once (as the
// model will see it); tokens past the prompt's own encoding are the answer.
// `trainOnPrompt` sets every mask entry. Throws qs::Error when the tokenizer
// lacks the template's end token.
RenderedExample renderForTraining(const PromptTemplate& promptTemplate, const Tokenizer& tokenizer,
                                  const PromptFields& fields, bool trainOnPrompt = false);

// The ids a model is given to answer a question (the prompt part only).
std::vector<int32_t> renderForGeneration(const PromptTemplate& promptTemplate, const Tokenizer& tokenizer,
                                         const PromptFields& fields);

// The template family of a tokenizer_config.json chat_template, by its signature.
std::optional<TemplateKind> recognizeChatTemplate(std::string_view chatTemplate);

} // namespace qs::text

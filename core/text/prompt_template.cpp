#include "core/text/prompt_template.h"

#include "core/base/error.h"
#include "core/text/tokenizer.h"

namespace qs::text {
namespace {

constexpr std::string_view kOutputSlot = "{output}";

void replaceSlot(std::string& text, std::string_view slot, const std::string& value)
{
    for (size_t at = text.find(slot); at != std::string::npos; at = text.find(slot, at + value.size()))
        text.replace(at, slot.size(), value);
}

// The question with its context, for chat templates that have no separate slot for it.
std::string userTurn(const PromptFields& fields)
{
    return fields.input.empty() ? fields.instruction : fields.instruction + "\n\n" + fields.input;
}

// The token that ends an answer in this template.
int32_t endTokenId(const PromptTemplate& promptTemplate, const Tokenizer& tokenizer)
{
    std::optional<int32_t> id;
    std::string name;
    switch (promptTemplate.kind) {
    case TemplateKind::Llama3Chat:
        name = "<|eot_id|>";
        id = tokenizer.tokenToId(name);
        break;
    case TemplateKind::ChatMl:
        name = "<|im_end|>";
        id = tokenizer.tokenToId(name);
        break;
    default:
        name = "EOS token";
        id = tokenizer.specialIds().eos;
        break;
    }
    if (!id)
        throw Error("The tokenizer has no " + name + " for the " + promptTemplate.name() + " template", "",
                    "choose the template that matches the model");
    return *id;
}

// Templates whose text does not start with the model's begin token get BOS.
bool needsBos(const PromptTemplate& promptTemplate)
{
    return promptTemplate.kind == TemplateKind::KoreanInstruction || promptTemplate.kind == TemplateKind::Custom;
}

} // namespace

PromptTemplate PromptTemplate::fromName(std::string_view nameOrText)
{
    if (nameOrText == "korean")
        return {TemplateKind::KoreanInstruction, {}};
    if (nameOrText == "llama3")
        return {TemplateKind::Llama3Chat, {}};
    if (nameOrText == "chatml")
        return {TemplateKind::ChatMl, {}};
    const size_t first = nameOrText.find(kOutputSlot);
    if (first == std::string_view::npos || nameOrText.find(kOutputSlot, first + 1) != std::string_view::npos)
        throw Error("A custom template needs {output} exactly once", std::string(nameOrText),
                    "use 'korean', 'llama3', 'chatml', or a text such as \"Q: {instruction}\\nA: {output}\"");
    return {TemplateKind::Custom, std::string(nameOrText)};
}

std::string PromptTemplate::name() const
{
    switch (kind) {
    case TemplateKind::KoreanInstruction: return "korean";
    case TemplateKind::Llama3Chat: return "llama3";
    case TemplateKind::ChatMl: return "chatml";
    case TemplateKind::Custom: return "custom";
    }
    return "?";
}

PromptText renderText(const PromptTemplate& promptTemplate, const PromptFields& fields)
{
    PromptText text;
    switch (promptTemplate.kind) {
    case TemplateKind::KoreanInstruction:
        if (!fields.system.empty())
            text.prompt = fields.system + "\n\n";
        text.prompt += "### 질문:\n" + fields.instruction + "\n\n";
        if (!fields.input.empty())
            text.prompt += "### 참고:\n" + fields.input + "\n\n";
        text.prompt += "### 답변:\n";
        text.answer = fields.output;
        break;
    case TemplateKind::Llama3Chat:
        text.prompt = "<|begin_of_text|>";
        if (!fields.system.empty())
            text.prompt += "<|start_header_id|>system<|end_header_id|>\n\n" + fields.system + "<|eot_id|>";
        text.prompt += "<|start_header_id|>user<|end_header_id|>\n\n" + userTurn(fields)
                       + "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n";
        text.answer = fields.output;
        break;
    case TemplateKind::ChatMl:
        if (!fields.system.empty())
            text.prompt = "<|im_start|>system\n" + fields.system + "<|im_end|>\n";
        text.prompt += "<|im_start|>user\n" + userTurn(fields) + "<|im_end|>\n<|im_start|>assistant\n";
        text.answer = fields.output;
        break;
    case TemplateKind::Custom: {
        std::string filled = promptTemplate.custom;
        replaceSlot(filled, "{system}", fields.system);
        replaceSlot(filled, "{instruction}", fields.instruction);
        replaceSlot(filled, "{input}", fields.input);
        const size_t at = filled.find(kOutputSlot);
        text.prompt = filled.substr(0, at);
        text.answer = fields.output + filled.substr(at + kOutputSlot.size());
        break;
    }
    }
    return text;
}

RenderedExample renderForTraining(const PromptTemplate& promptTemplate, const Tokenizer& tokenizer,
                                  const PromptFields& fields, bool trainOnPrompt)
{
    const PromptText text = renderText(promptTemplate, fields);
    const int32_t end = endTokenId(promptTemplate, tokenizer);
    std::vector<int32_t> prefix;
    if (needsBos(promptTemplate) && tokenizer.specialIds().bos)
        prefix.push_back(*tokenizer.specialIds().bos);

    RenderedExample example;
    example.ids = prefix;
    const std::vector<int32_t> whole = tokenizer.encode(text.prompt + text.answer, false).ids;
    example.ids.insert(example.ids.end(), whole.begin(), whole.end());
    example.ids.push_back(end);

    // The answer starts where the whole text stops agreeing with the prompt alone
    // (a token that spans the boundary counts as answer).
    const std::vector<int32_t> prompt = tokenizer.encode(text.prompt, false).ids;
    size_t common = 0;
    while (common < prompt.size() && common < whole.size() && prompt[common] == whole[common])
        ++common;
    example.promptTokens = prefix.size() + common;
    example.trained.assign(example.ids.size(), 0);
    for (size_t i = trainOnPrompt ? 0 : example.promptTokens; i < example.ids.size(); ++i)
        example.trained[i] = 1;
    return example;
}

std::vector<int32_t> renderForGeneration(const PromptTemplate& promptTemplate, const Tokenizer& tokenizer,
                                         const PromptFields& fields)
{
    std::vector<int32_t> ids;
    if (needsBos(promptTemplate) && tokenizer.specialIds().bos)
        ids.push_back(*tokenizer.specialIds().bos);
    const std::vector<int32_t> prompt = tokenizer.encode(renderText(promptTemplate, fields).prompt, false).ids;
    ids.insert(ids.end(), prompt.begin(), prompt.end());
    return ids;
}

std::optional<TemplateKind> recognizeChatTemplate(std::string_view chatTemplate)
{
    if (chatTemplate.find("<|start_header_id|>") != std::string_view::npos
        && chatTemplate.find("<|eot_id|>") != std::string_view::npos)
        return TemplateKind::Llama3Chat;
    if (chatTemplate.find("<|im_start|>") != std::string_view::npos)
        return TemplateKind::ChatMl;
    if (chatTemplate.find("### 질문") != std::string_view::npos)
        return TemplateKind::KoreanInstruction;
    return std::nullopt;
}

} // namespace qs::text

#include "core/text/tokenizer.h"

#include "core/base/error.h"
#include "core/base/read_file.h"
#include "core/text/bpe_model.h"
#include "core/text/byte_level.h"
#include "core/text/regex_splitter.h"
#include "core/text/unicode.h"

#include <algorithm>
#include <array>
#include <functional>
#include <nlohmann/json.hpp>

namespace qs::text {
namespace {

using Json = nlohmann::json;

const std::string kMetaspace = "\xE2\x96\x81"; // U+2581 ▁
// GPT-2's pattern, used by the ByteLevel pre-tokenizer when use_regex is true.
const std::string kGpt2Pattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

[[noreturn]] void unsupported(const std::string& what, const std::string& type, const std::string& supported)
{
    throw Error("Unsupported " + what + " type '" + type + "'", "tokenizer.json: " + what,
                "supported: " + supported);
}

std::string typeOf(const Json& node, const std::string& field)
{
    if (!node.is_object() || !node.contains("type") || !node["type"].is_string())
        throw Error("Missing 'type'", "tokenizer.json: " + field);
    return node["type"].get<std::string>();
}

void replaceAll(std::string& text, const std::string& from, const std::string& to)
{
    if (from.empty())
        return;
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

// A Sequence component: each step in turn over the same value. `make` builds a
// step from its JSON and may return an empty function for a no-op step.
template <typename Step, typename Make>
Step makeSequence(const Json& steps, Make make)
{
    std::vector<Step> built;
    for (const Json& step : steps)
        if (Step one = make(step))
            built.push_back(std::move(one));
    return [built](auto&&... arguments) {
        for (const Step& step : built)
            step(arguments...);
    };
}

// ---------------------------------------------------------------- normalizers
using Normalizer = std::function<void(std::string&)>;

Normalizer makeNormalizer(const Json& node)
{
    if (node.is_null())
        return {};
    const std::string type = typeOf(node, "normalizer");
    if (type == "Sequence")
        return makeSequence<Normalizer>(node.at("normalizers"), makeNormalizer);
    if (type == "Prepend") {
        const std::string prefix = node.at("prepend").get<std::string>();
        return [prefix](std::string& text) {
            if (!text.empty())
                text.insert(0, prefix);
        };
    }
    if (type == "Replace") {
        const Json& pattern = node.at("pattern");
        if (!pattern.contains("String"))
            unsupported("normalizer", "Replace with a Regex pattern", "Replace with a String pattern");
        const std::string from = pattern["String"].get<std::string>();
        const std::string to = node.at("content").get<std::string>();
        return [from, to](std::string& text) { replaceAll(text, from, to); };
    }
    if (type == "NFC")
        return [](std::string& text) { text = toNfc(text); };
    unsupported("normalizer", type, "Sequence, Prepend, Replace, NFC");
}

// ------------------------------------------------------------ pre-tokenizers
// A pre-tokenizer turns one piece into several; byte-level ones also re-spell them.
// `first`: the pieces start the text (not after an added token), for Metaspace's "first" scheme.
using PreTokenizer = std::function<void(std::vector<std::string>&, bool first)>;

enum class SplitBehavior { Isolated, Removed, MergedWithPrevious, MergedWithNext };

std::vector<std::string> splitPiece(const std::string& piece, const RegexSplitter& regex, SplitBehavior behavior)
{
    std::vector<std::string> out;
    size_t last = 0;
    for (const auto& [begin, end] : regex.findAll(piece)) {
        const std::string gap = piece.substr(last, begin - last);
        const std::string match = piece.substr(begin, end - begin);
        switch (behavior) {
        case SplitBehavior::Isolated:
            if (!gap.empty())
                out.push_back(gap);
            out.push_back(match);
            break;
        case SplitBehavior::Removed:
            if (!gap.empty())
                out.push_back(gap);
            break;
        case SplitBehavior::MergedWithPrevious:
            out.push_back(gap + match);
            break;
        case SplitBehavior::MergedWithNext:
            if (!gap.empty())
                out.push_back(gap);
            out.push_back(match); // the text after joins it below
            break;
        }
        last = end;
    }
    if (last < piece.size()) {
        if (behavior == SplitBehavior::MergedWithNext && !out.empty() && last > 0)
            out.back() += piece.substr(last);
        else
            out.push_back(piece.substr(last));
    }
    return out;
}

PreTokenizer regexPreTokenizer(std::shared_ptr<RegexSplitter> regex, SplitBehavior behavior)
{
    return [regex, behavior](std::vector<std::string>& pieces, bool) {
        std::vector<std::string> out;
        for (const std::string& piece : pieces) {
            std::vector<std::string> split = splitPiece(piece, *regex, behavior);
            std::move(split.begin(), split.end(), std::back_inserter(out));
        }
        pieces = std::move(out);
    };
}

PreTokenizer makePreTokenizer(const Json& node)
{
    if (node.is_null())
        return {};
    const std::string type = typeOf(node, "pre_tokenizer");
    if (type == "Sequence")
        return makeSequence<PreTokenizer>(node.at("pretokenizers"), makePreTokenizer);
    if (type == "Split") {
        if (node.value("invert", false))
            unsupported("pre_tokenizer", "Split with invert", "Split without invert");
        const Json& pattern = node.at("pattern");
        std::string regex;
        if (pattern.contains("Regex")) {
            regex = pattern["Regex"].get<std::string>();
        } else {
            // A literal string: quote it for PCRE2.
            regex = "\\Q" + pattern.at("String").get<std::string>() + "\\E";
        }
        const std::string behavior = node.at("behavior").get<std::string>();
        const SplitBehavior split = behavior == "Isolated"             ? SplitBehavior::Isolated
                                    : behavior == "Removed"            ? SplitBehavior::Removed
                                    : behavior == "MergedWithPrevious" ? SplitBehavior::MergedWithPrevious
                                    : behavior == "MergedWithNext"     ? SplitBehavior::MergedWithNext
                                                                       : (unsupported("Split behavior", behavior,
                                                                                      "Isolated, Removed, MergedWithPrevious, MergedWithNext"),
                                                                          SplitBehavior::Isolated);
        return regexPreTokenizer(std::make_shared<RegexSplitter>(regex), split);
    }
    if (type == "ByteLevel") {
        const bool prefixSpace = node.value("add_prefix_space", false);
        PreTokenizer split;
        if (node.value("use_regex", true))
            split = regexPreTokenizer(std::make_shared<RegexSplitter>(kGpt2Pattern), SplitBehavior::Isolated);
        return [prefixSpace, split](std::vector<std::string>& pieces, bool first) {
            if (prefixSpace && !pieces.empty() && !pieces.front().empty() && pieces.front()[0] != ' ')
                pieces.front().insert(0, " ");
            if (split)
                split(pieces, first);
            for (std::string& piece : pieces)
                piece = toByteLevel(piece);
        };
    }
    if (type == "Metaspace") {
        const std::string replacement = node.value("replacement", kMetaspace);
        const std::string scheme = node.value("prepend_scheme", std::string("always"));
        const bool split = node.value("split", true);
        if (scheme != "always" && scheme != "first" && scheme != "never")
            unsupported("Metaspace prepend_scheme", scheme, "always, first, never");
        return [replacement, scheme, split](std::vector<std::string>& pieces, bool first) {
            std::vector<std::string> out;
            for (size_t index = 0; index < pieces.size(); ++index) {
                std::string piece = pieces[index];
                replaceAll(piece, " ", replacement);
                const bool prepend = scheme == "always" || (scheme == "first" && first && index == 0);
                if (prepend && piece.rfind(replacement, 0) != 0)
                    piece.insert(0, replacement);
                if (!split) {
                    out.push_back(piece);
                    continue;
                }
                // Each word starts with the replacement character (MergedWithNext).
                size_t start = 0;
                for (size_t at = piece.find(replacement, 1); at != std::string::npos;
                     at = piece.find(replacement, at + replacement.size())) {
                    out.push_back(piece.substr(start, at - start));
                    start = at;
                }
                out.push_back(piece.substr(start));
            }
            pieces = std::move(out);
        };
    }
    unsupported("pre_tokenizer", type, "Sequence, Split, ByteLevel, Metaspace");
}

// ------------------------------------------------------------------ decoders
using Decoder = std::function<void(std::vector<std::string>&)>;

std::optional<int> byteTokenValue(const std::string& token)
{
    if (token.size() != 6 || token.compare(0, 3, "<0x") != 0 || token[5] != '>')
        return std::nullopt;
    try {
        return std::stoi(token.substr(3, 2), nullptr, 16);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

Decoder makeDecoder(const Json& node)
{
    if (node.is_null())
        return {};
    const std::string type = typeOf(node, "decoder");
    if (type == "Sequence")
        return makeSequence<Decoder>(node.at("decoders"), makeDecoder);
    if (type == "ByteLevel")
        return [](std::vector<std::string>& tokens) {
            std::string bytes;
            for (const std::string& token : tokens)
                bytes += fromByteLevel(token);
            tokens = {lossyUtf8(bytes)};
        };
    if (type == "Replace") {
        const Json& pattern = node.at("pattern");
        if (!pattern.contains("String"))
            unsupported("decoder", "Replace with a Regex pattern", "Replace with a String pattern");
        const std::string from = pattern["String"].get<std::string>();
        const std::string to = node.at("content").get<std::string>();
        return [from, to](std::vector<std::string>& tokens) {
            for (std::string& token : tokens)
                replaceAll(token, from, to);
        };
    }
    if (type == "ByteFallback")
        return [](std::vector<std::string>& tokens) {
            std::vector<std::string> out;
            std::string bytes;
            size_t pending = 0;
            auto flush = [&] {
                if (pending == 0)
                    return;
                if (isValidUtf8(bytes))
                    out.push_back(bytes);
                else
                    for (size_t i = 0; i < pending; ++i)
                        out.push_back("\xEF\xBF\xBD");
                bytes.clear();
                pending = 0;
            };
            for (const std::string& token : tokens) {
                if (const auto value = byteTokenValue(token)) {
                    bytes.push_back(char(*value));
                    ++pending;
                    continue;
                }
                flush();
                out.push_back(token);
            }
            flush();
            tokens = std::move(out);
        };
    if (type == "Fuse")
        return [](std::vector<std::string>& tokens) {
            std::string joined;
            for (const std::string& token : tokens)
                joined += token;
            tokens = {joined};
        };
    if (type == "Strip") {
        const std::string content = node.at("content").get<std::string>();
        const int start = node.value("start", 0);
        const int stop = node.value("stop", 0);
        return [content, start, stop](std::vector<std::string>& tokens) {
            for (std::string& token : tokens) {
                for (int i = 0; i < start && token.rfind(content, 0) == 0; ++i)
                    token.erase(0, content.size());
                for (int i = 0; i < stop && token.size() >= content.size()
                                && token.compare(token.size() - content.size(), content.size(), content) == 0;
                     ++i)
                    token.resize(token.size() - content.size());
            }
        };
    }
    if (type == "Metaspace") {
        const std::string replacement = node.value("replacement", kMetaspace);
        const bool prepend = node.value("prepend_scheme", std::string("always")) != "never";
        return [replacement, prepend](std::vector<std::string>& tokens) {
            for (size_t i = 0; i < tokens.size(); ++i) {
                replaceAll(tokens[i], replacement, " ");
                if (i == 0 && prepend && !tokens[i].empty() && tokens[i][0] == ' ')
                    tokens[i].erase(0, 1);
            }
        };
    }
    unsupported("decoder", type, "Sequence, ByteLevel, Replace, ByteFallback, Fuse, Strip, Metaspace");
}

// ----------------------------------------------------------- post-processor
struct TemplatePiece {
    bool isSequence = false;   // $A
    std::vector<int32_t> ids;  // a special token's ids
};

std::vector<TemplatePiece> makeTemplate(const Json& node)
{
    if (node.is_null())
        return {{true, {}}};
    const std::string type = typeOf(node, "post_processor");
    if (type == "Sequence") {
        std::vector<TemplatePiece> result{{true, {}}};
        for (const Json& step : node.at("processors")) {
            const std::vector<TemplatePiece> inner = makeTemplate(step);
            if (inner.size() > 1 || !inner.front().isSequence)
                result = inner; // the template step decides the shape; ByteLevel changes no ids
        }
        return result;
    }
    if (type == "ByteLevel")
        return {{true, {}}};
    if (type == "TemplateProcessing") {
        std::vector<TemplatePiece> pieces;
        const Json& specials = node.at("special_tokens");
        for (const Json& item : node.at("single")) {
            if (item.contains("Sequence")) {
                pieces.push_back({true, {}});
            } else {
                const std::string name = item.at("SpecialToken").at("id").get<std::string>();
                if (!specials.contains(name))
                    throw Error("Template token '" + name + "' is not in special_tokens",
                                "tokenizer.json: post_processor.single");
                pieces.push_back({false, specials[name].at("ids").get<std::vector<int32_t>>()});
            }
        }
        return pieces;
    }
    unsupported("post_processor", type, "Sequence, ByteLevel, TemplateProcessing");
}

struct AddedToken {
    std::string content;
    int32_t id = 0;
    bool special = false;
    bool lstrip = false;
    bool rstrip = false;
};

// The token string of tokenizer_config/special_tokens_map entries: "x" or {"content": "x"}.
std::optional<std::string> tokenText(const Json& value)
{
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_object() && value.contains("content") && value["content"].is_string())
        return value["content"].get<std::string>();
    return std::nullopt;
}

Json readJsonFile(const std::filesystem::path& path)
{
    const Json json = Json::parse(readWholeFile(path, path.filename().string()), nullptr, false);
    if (json.is_discarded())
        throw Error("Not valid JSON", path.string());
    return json;
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

} // namespace

struct Tokenizer::Impl {
    std::unique_ptr<BpeModel> model;
    Normalizer normalizer;
    PreTokenizer preTokenizer;
    Decoder decoder;
    std::vector<TemplatePiece> postTemplate{{true, {}}};
    std::vector<AddedToken> added; // longest content first, for matching
    std::unordered_map<int32_t, const AddedToken*> addedById;
    // Added tokens by their first byte, longest first: most positions of a
    // text start no added token, and are passed over with one lookup.
    std::array<std::vector<const AddedToken*>, 256> addedByFirstByte;
    SpecialIds specials;
    std::string chatTemplate;

    void encodeSegment(const std::string& segment, bool first, std::vector<int32_t>& ids) const
    {
        std::string text = segment;
        if (normalizer)
            normalizer(text);
        if (text.empty())
            return;
        std::vector<std::string> pieces{text};
        if (preTokenizer)
            preTokenizer(pieces, first);
        for (const std::string& piece : pieces)
            model->tokenize(piece, ids);
    }
};

Tokenizer::Tokenizer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;
Tokenizer::~Tokenizer() = default;

Tokenizer Tokenizer::fromJson(std::string_view text, const std::string& name)
{
    const Json json = Json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_object())
        throw Error("Not valid JSON", name, "the file may be truncated; download it again");
    if (!json.contains("model"))
        throw Error("Missing field 'model'", name);
    const Json& model = json["model"];
    const std::string modelType = model.value("type", std::string("BPE"));
    if (modelType != "BPE")
        unsupported("model", modelType, "BPE");
    if (!model.contains("vocab") || !model["vocab"].is_object())
        throw Error("Missing or bad field 'model.vocab'", name);

    auto impl = std::make_unique<Impl>();
    try {
        std::unordered_map<std::string, int32_t> vocab;
        vocab.reserve(model["vocab"].size());
        for (const auto& [token, id] : model["vocab"].items())
            vocab.emplace(token, id.get<int32_t>());
        std::vector<std::pair<std::string, std::string>> merges;
        const Json& mergeList = model.value("merges", Json::array());
        merges.reserve(mergeList.size());
        for (size_t i = 0; i < mergeList.size(); ++i) {
            const Json& merge = mergeList[i];
            if (merge.is_string()) { // "a b"
                const std::string pair = merge.get<std::string>();
                const size_t space = pair.find(' ', 1);
                if (space == std::string::npos)
                    throw Error("Merge " + std::to_string(i) + " '" + pair + "' is not two tokens",
                                name + ": model.merges");
                merges.emplace_back(pair.substr(0, space), pair.substr(space + 1));
            } else if (merge.is_array() && merge.size() == 2) { // ["a", "b"]
                merges.emplace_back(merge[0].get<std::string>(), merge[1].get<std::string>());
            } else {
                throw Error("Merge " + std::to_string(i) + " is neither \"a b\" nor [\"a\", \"b\"]",
                            name + ": model.merges");
            }
        }
        BpeModel::Options options;
        options.ignoreMerges = model.value("ignore_merges", false);
        options.byteFallback = model.value("byte_fallback", false);
        options.fuseUnk = model.value("fuse_unk", false);
        if (model.contains("unk_token") && model["unk_token"].is_string())
            options.unkToken = model["unk_token"].get<std::string>();
        for (const char* field : {"continuing_subword_prefix", "end_of_word_suffix", "dropout"})
            if (model.contains(field) && !model[field].is_null())
                unsupported("model", std::string("BPE with ") + field, "BPE without it");
        impl->model = std::make_unique<BpeModel>(std::move(vocab), merges, options);

        impl->normalizer = makeNormalizer(json.value("normalizer", Json()));
        impl->preTokenizer = makePreTokenizer(json.value("pre_tokenizer", Json()));
        impl->decoder = makeDecoder(json.value("decoder", Json()));
        impl->postTemplate = makeTemplate(json.value("post_processor", Json()));

        for (const Json& token : json.value("added_tokens", Json::array()))
            impl->added.push_back({token.at("content").get<std::string>(), token.at("id").get<int32_t>(),
                                   token.value("special", false), token.value("lstrip", false),
                                   token.value("rstrip", false)});
    } catch (const nlohmann::json::exception& error) {
        throw Error(std::string("Unexpected content: ") + error.what(), name);
    }
    std::stable_sort(impl->added.begin(), impl->added.end(),
                     [](const AddedToken& a, const AddedToken& b) { return a.content.size() > b.content.size(); });
    for (const AddedToken& token : impl->added) {
        impl->addedById[token.id] = &token;
        if (!token.content.empty())
            impl->addedByFirstByte[static_cast<unsigned char>(token.content[0])].push_back(&token);
    }
    return Tokenizer(std::move(impl));
}

Tokenizer Tokenizer::fromFolder(const std::filesystem::path& folder)
{
    const std::filesystem::path file = folder / "tokenizer.json";
    Tokenizer tokenizer = fromJson(readWholeFile(file, "tokenizer.json"), file.string());
    SpecialIds& specials = tokenizer.m_impl->specials;
    auto idOf = [&](const Json& value) -> std::optional<int32_t> {
        const auto text = tokenText(value);
        return text ? tokenizer.tokenToId(*text) : std::nullopt;
    };
    for (const char* name : {"special_tokens_map.json", "tokenizer_config.json"}) {
        if (!std::filesystem::exists(folder / name))
            continue;
        const Json config = readJsonFile(folder / name);
        if (config.contains("bos_token"))
            specials.bos = idOf(config["bos_token"]);
        if (config.contains("eos_token"))
            specials.eos = idOf(config["eos_token"]);
        if (config.contains("pad_token"))
            specials.pad = idOf(config["pad_token"]);
        if (config.contains("chat_template") && config["chat_template"].is_string())
            tokenizer.m_impl->chatTemplate = config["chat_template"].get<std::string>();
    }
    if (std::filesystem::exists(folder / "generation_config.json")) {
        const Json generation = readJsonFile(folder / "generation_config.json");
        if (generation.contains("bos_token_id") && generation["bos_token_id"].is_number_integer())
            specials.bos = generation["bos_token_id"].get<int32_t>();
        const Json eos = generation.value("eos_token_id", Json());
        if (eos.is_number_integer())
            specials.stop.insert(eos.get<int32_t>());
        else if (eos.is_array())
            for (const Json& id : eos)
                specials.stop.insert(id.get<int32_t>());
        if (!specials.eos && !specials.stop.empty())
            specials.eos = *specials.stop.begin();
    }
    if (specials.eos)
        specials.stop.insert(*specials.eos);
    return tokenizer;
}

Encoding Tokenizer::encode(std::string_view rawText, bool addSpecialTokens) const
{
    const std::string text = isValidUtf8(rawText) ? std::string(rawText) : lossyUtf8(rawText);
    std::vector<int32_t> ids;
    // Added tokens split the text first (leftmost, then longest); the pieces
    // between them go through normalizer, pre-tokenizer and model.
    size_t segmentStart = 0;
    size_t at = 0;
    while (at < text.size()) {
        const AddedToken* found = nullptr;
        for (const AddedToken* token : m_impl->addedByFirstByte[static_cast<unsigned char>(text[at])])
            if (text.compare(at, token->content.size(), token->content) == 0) {
                found = token;
                break;
            }
        if (!found) {
            ++at;
            continue;
        }
        size_t segmentEnd = at;
        if (found->lstrip)
            while (segmentEnd > segmentStart && isSpace(text[segmentEnd - 1]))
                --segmentEnd;
        m_impl->encodeSegment(text.substr(segmentStart, segmentEnd - segmentStart), segmentStart == 0, ids);
        ids.push_back(found->id);
        at += found->content.size();
        if (found->rstrip)
            while (at < text.size() && isSpace(text[at]))
                ++at;
        segmentStart = at;
    }
    m_impl->encodeSegment(text.substr(segmentStart), segmentStart == 0, ids);

    Encoding encoding;
    if (addSpecialTokens) {
        for (const TemplatePiece& piece : m_impl->postTemplate) {
            const std::vector<int32_t>& part = piece.isSequence ? ids : piece.ids;
            encoding.ids.insert(encoding.ids.end(), part.begin(), part.end());
        }
    } else {
        encoding.ids = std::move(ids);
    }
    encoding.tokens.reserve(encoding.ids.size());
    for (const int32_t id : encoding.ids)
        encoding.tokens.push_back(idToToken(id));
    return encoding;
}

std::string Tokenizer::decode(const std::vector<int32_t>& ids, bool skipSpecialTokens) const
{
    std::vector<std::string> tokens;
    tokens.reserve(ids.size());
    for (const int32_t id : ids) {
        if (skipSpecialTokens && isSpecial(id))
            continue;
        tokens.push_back(idToToken(id));
    }
    if (m_impl->decoder)
        m_impl->decoder(tokens);
    std::string text;
    for (const std::string& token : tokens)
        text += token;
    return text;
}

std::optional<int32_t> Tokenizer::tokenToId(std::string_view token) const
{
    for (const AddedToken& added : m_impl->added)
        if (added.content == token)
            return added.id;
    return m_impl->model->tokenToId(token);
}

std::string Tokenizer::idToToken(int32_t id) const
{
    const auto it = m_impl->addedById.find(id);
    return it != m_impl->addedById.end() ? it->second->content : m_impl->model->idToToken(id);
}

size_t Tokenizer::vocabSize() const
{
    size_t size = m_impl->model->vocabSize();
    for (const AddedToken& token : m_impl->added)
        size = std::max(size, size_t(token.id) + 1);
    return size;
}

bool Tokenizer::isSpecial(int32_t id) const
{
    const auto it = m_impl->addedById.find(id);
    return it != m_impl->addedById.end() && it->second->special;
}

const SpecialIds& Tokenizer::specialIds() const
{
    return m_impl->specials;
}

const std::string& Tokenizer::chatTemplate() const
{
    return m_impl->chatTemplate;
}

StreamingDecoder::StreamingDecoder(const Tokenizer& tokenizer, bool skipSpecialTokens)
    : m_tokenizer(tokenizer)
    , m_skipSpecial(skipSpecialTokens)
{
}

std::string StreamingDecoder::push(int32_t id)
{
    // The window keeps the ids before the new one as context, so that decoders
    // that look at neighbours (byte fallback, leading-space strip) agree with a
    // full decode; text is emitted once it no longer ends in a partial character.
    m_ids.push_back(id);
    const std::string text = m_tokenizer.decode(m_ids, m_skipSpecial);
    const std::string_view replacement = "\xEF\xBF\xBD";
    const bool partial = text.size() >= replacement.size()
                         && text.compare(text.size() - replacement.size(), replacement.size(), replacement) == 0;
    if (text.size() <= m_prefix.size() || partial)
        return {};
    std::string fresh = text.substr(m_prefix.size());
    const size_t nextPrefixIndex = m_ids.size() - m_prefixIndex;
    m_ids.erase(m_ids.begin(), m_ids.begin() + long(m_prefixIndex));
    m_prefix = m_tokenizer.decode(m_ids, m_skipSpecial);
    m_prefixIndex = nextPrefixIndex;
    return fresh;
}

} // namespace qs::text

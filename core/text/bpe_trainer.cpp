#include "core/text/bpe_trainer.h"

#include "core/base/error.h"
#include "core/text/byte_level.h"
#include "core/text/regex_splitter.h"
#include "core/text/unicode.h"

#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>

namespace qs::text {

const char* const kLlama3SplitPattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

namespace {

using Json = nlohmann::ordered_json;

Json specialTokenTemplate(const std::string& token)
{
    return {{"SpecialToken", {{"id", token}, {"type_id", 0}}}};
}

} // namespace

std::string trainByteLevelBpe(const std::vector<std::string>& texts, const BpeTrainerOptions& options)
{
    if (options.specialTokens.size() < 2)
        throw Error("The BPE trainer needs at least two special tokens (BOS and EOS)");
    if (options.vocabSize < 256 + options.specialTokens.size())
        throw Error("The vocabulary must hold the 256 byte tokens and the special tokens",
                    std::to_string(options.vocabSize));

    // Word frequencies after the Llama-3 split, in the byte-level alphabet.
    const RegexSplitter split(kLlama3SplitPattern);
    std::map<std::string, size_t> wordCounts; // ordered: the same merges on every platform
    for (const std::string& text : texts) {
        const std::string valid = isValidUtf8(text) ? text : lossyUtf8(text);
        for (const auto& [begin, end] : split.findAll(valid))
            ++wordCounts[valid.substr(begin, end - begin)];
    }

    // Vocabulary: the 256 byte characters, then one token per merge.
    std::vector<std::string> tokens;
    std::unordered_map<std::string, int32_t> ids;
    for (int byte = 0; byte < 256; ++byte) {
        std::string token;
        appendUtf8(token, byteToUnicode()[size_t(byte)]);
        ids.emplace(token, int32_t(tokens.size()));
        tokens.push_back(token);
    }
    struct Word {
        std::vector<int32_t> symbols;
        size_t count;
    };
    std::vector<Word> words;
    for (const auto& [word, count] : wordCounts) {
        Word entry{{}, count};
        for (const char byte : word)
            entry.symbols.push_back(int32_t(static_cast<unsigned char>(byte)));
        words.push_back(std::move(entry));
    }

    std::vector<std::pair<std::string, std::string>> merges;
    const size_t target = options.vocabSize - options.specialTokens.size();
    while (tokens.size() < target) {
        std::map<std::pair<int32_t, int32_t>, size_t> pairCounts;
        for (const Word& word : words)
            for (size_t i = 0; i + 1 < word.symbols.size(); ++i)
                pairCounts[{word.symbols[i], word.symbols[i + 1]}] += word.count;
        // The most frequent pair; ties go to the pair whose text sorts first.
        const std::pair<int32_t, int32_t>* best = nullptr;
        size_t bestCount = 0;
        for (const auto& [pair, count] : pairCounts) {
            if (count > bestCount
                || (count == bestCount && best
                    && std::tie(tokens[size_t(pair.first)], tokens[size_t(pair.second)])
                           < std::tie(tokens[size_t(best->first)], tokens[size_t(best->second)]))) {
                best = &pair;
                bestCount = count;
            }
        }
        if (!best || bestCount < options.minFrequency)
            break;
        const auto [left, right] = *best;
        const std::string merged = tokens[size_t(left)] + tokens[size_t(right)];
        merges.emplace_back(tokens[size_t(left)], tokens[size_t(right)]);
        int32_t mergedId;
        if (const auto it = ids.find(merged); it != ids.end()) {
            mergedId = it->second;
        } else {
            mergedId = int32_t(tokens.size());
            ids.emplace(merged, mergedId);
            tokens.push_back(merged);
        }
        for (Word& word : words) {
            std::vector<int32_t> next;
            next.reserve(word.symbols.size());
            for (size_t i = 0; i < word.symbols.size(); ++i) {
                if (i + 1 < word.symbols.size() && word.symbols[i] == left && word.symbols[i + 1] == right) {
                    next.push_back(mergedId);
                    ++i;
                } else {
                    next.push_back(word.symbols[i]);
                }
            }
            word.symbols = std::move(next);
        }
    }

    Json vocab = Json::object();
    for (size_t id = 0; id < tokens.size(); ++id)
        vocab[tokens[id]] = id;
    Json addedTokens = Json::array();
    Json specialTokens = Json::object();
    for (const std::string& special : options.specialTokens) {
        const size_t id = tokens.size() + size_t(addedTokens.size());
        addedTokens.push_back({{"id", id}, {"content", special}, {"single_word", false}, {"lstrip", false},
                               {"rstrip", false}, {"normalized", false}, {"special", true}});
        specialTokens[special] = {{"id", special}, {"ids", {id}}, {"tokens", {special}}};
    }
    Json mergeList = Json::array();
    for (const auto& [left, right] : merges)
        mergeList.push_back({left, right});
    const std::string& bos = options.specialTokens[0];
    const Json document = {
        {"version", "1.0"},
        {"truncation", nullptr},
        {"padding", nullptr},
        {"added_tokens", addedTokens},
        {"normalizer", nullptr},
        {"pre_tokenizer",
         {{"type", "Sequence"},
          {"pretokenizers",
           {{{"type", "Split"}, {"pattern", {{"Regex", kLlama3SplitPattern}}}, {"behavior", "Isolated"}, {"invert", false}},
            {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", false}}}}}},
        {"post_processor",
         {{"type", "TemplateProcessing"},
          {"single", {specialTokenTemplate(bos), {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}}},
          {"pair",
           {specialTokenTemplate(bos), {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}, specialTokenTemplate(bos),
            {{"Sequence", {{"id", "B"}, {"type_id", 1}}}}}},
          {"special_tokens", {{bos, specialTokens[bos]}}}}},
        {"decoder", {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", true}, {"use_regex", true}}},
        {"model",
         {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", nullptr}, {"continuing_subword_prefix", nullptr},
          {"end_of_word_suffix", nullptr}, {"fuse_unk", false}, {"byte_fallback", false}, {"ignore_merges", true},
          {"vocab", vocab}, {"merges", mergeList}}},
    };
    return document.dump(2);
}

} // namespace qs::text

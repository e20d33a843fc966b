// Byte-pair encoding as in Hugging Face tokenizers' BPE model: merges applied
// lowest rank first, optional ignore_merges (a word already in the vocabulary
// is one token), byte_fallback to <0xXX> tokens and fuse_unk for SentencePiece-style models.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace qs::text {

class BpeModel {
public:
    struct Options {
        bool ignoreMerges = false;
        bool byteFallback = false;
        bool fuseUnk = false;
        std::optional<std::string> unkToken;
    };

    // `merges`: pairs of token strings, highest priority first. Throws qs::Error
    // naming the merge when one refers to tokens outside the vocabulary.
    BpeModel(std::unordered_map<std::string, int32_t> vocab,
             const std::vector<std::pair<std::string, std::string>>& merges, Options options);

    // Ids of one pre-tokenized word (already in the vocabulary's alphabet).
    void tokenize(std::string_view word, std::vector<int32_t>& ids) const;

    std::optional<int32_t> tokenToId(std::string_view token) const;
    const std::string& idToToken(int32_t id) const;
    size_t vocabSize() const { return m_tokens.size(); }

private:
    struct Merge {
        int32_t rank;
        int32_t result;
    };
    static uint64_t pairKey(int32_t left, int32_t right) { return (uint64_t(uint32_t(left)) << 32) | uint32_t(right); }

    std::unordered_map<std::string, int32_t> m_vocab;
    std::vector<std::string> m_tokens; // id → token
    std::unordered_map<uint64_t, Merge> m_merges;
    std::array<int32_t, 256> m_byteTokens{}; // <0xXX> ids, -1 when absent
    Options m_options;
    int32_t m_unkId = -1;
};

} // namespace qs::text

#include "core/text/bpe_model.h"

#include "core/base/error.h"
#include "core/text/unicode.h"

#include <cstdio>
#include <queue>

namespace qs::text {

BpeModel::BpeModel(std::unordered_map<std::string, int32_t> vocab,
                   const std::vector<std::pair<std::string, std::string>>& merges, Options options)
    : m_vocab(std::move(vocab))
    , m_options(std::move(options))
{
    int32_t maxId = -1;
    for (const auto& [token, id] : m_vocab)
        maxId = std::max(maxId, id);
    m_tokens.resize(size_t(maxId + 1));
    for (const auto& [token, id] : m_vocab) {
        if (id < 0)
            throw Error("Negative token id for '" + token + "'", "tokenizer.json: model.vocab");
        m_tokens[size_t(id)] = token;
    }
    m_merges.reserve(merges.size());
    for (size_t rank = 0; rank < merges.size(); ++rank) {
        const auto& [left, right] = merges[rank];
        const auto a = m_vocab.find(left);
        const auto b = m_vocab.find(right);
        const auto merged = m_vocab.find(left + right);
        if (a == m_vocab.end() || b == m_vocab.end() || merged == m_vocab.end())
            throw Error("Merge " + std::to_string(rank) + " ('" + left + "' '" + right
                            + "') uses a token that is not in the vocabulary",
                        "tokenizer.json: model.merges", "the file may be damaged or from another tokenizer");
        m_merges.try_emplace(pairKey(a->second, b->second), Merge{int32_t(rank), merged->second});
    }
    m_byteTokens.fill(-1);
    for (int byte = 0; byte < 256; ++byte) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", byte);
        if (const auto it = m_vocab.find(name); it != m_vocab.end())
            m_byteTokens[size_t(byte)] = it->second;
    }
    if (m_options.unkToken) {
        const auto it = m_vocab.find(*m_options.unkToken);
        if (it == m_vocab.end())
            throw Error("The unknown token '" + *m_options.unkToken + "' is not in the vocabulary",
                        "tokenizer.json: model.unk_token");
        m_unkId = it->second;
    }
}

std::optional<int32_t> BpeModel::tokenToId(std::string_view token) const
{
    const auto it = m_vocab.find(std::string(token));
    return it == m_vocab.end() ? std::nullopt : std::optional<int32_t>(it->second);
}

const std::string& BpeModel::idToToken(int32_t id) const
{
    static const std::string empty;
    return id >= 0 && size_t(id) < m_tokens.size() ? m_tokens[size_t(id)] : empty;
}

void BpeModel::tokenize(std::string_view word, std::vector<int32_t>& ids) const
{
    if (word.empty())
        return;
    if (m_options.ignoreMerges)
        if (const auto id = tokenToId(word)) {
            ids.push_back(*id);
            return;
        }

    // Initial symbols: one per character, or its bytes, or the unknown token.
    std::vector<int32_t> symbols;
    symbols.reserve(word.size());
    bool lastWasUnk = false;
    size_t offset = 0;
    while (offset < word.size()) {
        size_t length = 1;
        const unsigned char lead = static_cast<unsigned char>(word[offset]);
        if (lead >= 0xF0)
            length = 4;
        else if (lead >= 0xE0)
            length = 3;
        else if (lead >= 0xC0)
            length = 2;
        length = std::min(length, word.size() - offset);
        const std::string_view character = word.substr(offset, length);
        offset += length;
        if (const auto id = tokenToId(character)) {
            symbols.push_back(*id);
            lastWasUnk = false;
            continue;
        }
        bool allBytes = m_options.byteFallback;
        for (const char byte : character)
            allBytes = allBytes && m_byteTokens[static_cast<unsigned char>(byte)] >= 0;
        if (allBytes) {
            for (const char byte : character)
                symbols.push_back(m_byteTokens[static_cast<unsigned char>(byte)]);
            lastWasUnk = false;
        } else if (m_unkId >= 0) {
            if (!(m_options.fuseUnk && lastWasUnk))
                symbols.push_back(m_unkId);
            lastWasUnk = true;
        } else {
            throw Error("A character of the text has no token and the tokenizer has no unknown token",
                        std::string(character));
        }
    }

    // Merge the lowest-ranked adjacent pair until none is left: a doubly linked
    // list of symbols and a heap of candidate pairs, stale entries skipped.
    const size_t n = symbols.size();
    std::vector<int32_t> prev(n), next(n);
    for (size_t i = 0; i < n; ++i) {
        prev[i] = int32_t(i) - 1;
        next[i] = i + 1 < n ? int32_t(i + 1) : -1;
    }
    struct Candidate {
        int32_t rank;
        int32_t left; // position of the left symbol
        int32_t leftId;
        int32_t rightId;
        bool operator>(const Candidate& other) const
        {
            return rank != other.rank ? rank > other.rank : left > other.left;
        }
    };
    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> queue;
    auto consider = [&](int32_t left) {
        if (left < 0 || next[size_t(left)] < 0)
            return;
        const int32_t right = next[size_t(left)];
        const auto it = m_merges.find(pairKey(symbols[size_t(left)], symbols[size_t(right)]));
        if (it != m_merges.end())
            queue.push({it->second.rank, left, symbols[size_t(left)], symbols[size_t(right)]});
    };
    for (size_t i = 0; i + 1 < n; ++i)
        consider(int32_t(i));
    std::vector<bool> removed(n, false);
    while (!queue.empty()) {
        const Candidate top = queue.top();
        queue.pop();
        const size_t left = size_t(top.left);
        if (removed[left] || symbols[left] != top.leftId || next[left] < 0)
            continue;
        const size_t right = size_t(next[left]);
        if (symbols[right] != top.rightId)
            continue;
        symbols[left] = m_merges.at(pairKey(top.leftId, top.rightId)).result;
        removed[right] = true;
        next[left] = next[right];
        if (next[right] >= 0)
            prev[size_t(next[right])] = int32_t(left);
        consider(prev[left]);
        consider(int32_t(left));
    }
    for (size_t i = 0; i < n; ++i)
        if (!removed[i])
            ids.push_back(symbols[i]);
}

} // namespace qs::text

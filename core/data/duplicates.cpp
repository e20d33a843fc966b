#include "core/data/duplicates.h"

#include "core/base/error.h"
#include "core/text/unicode.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>

namespace qs::data {
namespace {

std::string pairText(const QaExample& example)
{
    return example.instruction + "\n" + example.input + "\n" + example.output;
}

// Disjoint sets over example indices, for merging duplicate pairs into groups.
class UnionFind {
public:
    explicit UnionFind(size_t size) : m_parent(size) { std::iota(m_parent.begin(), m_parent.end(), size_t(0)); }
    size_t find(size_t x)
    {
        while (m_parent[x] != x)
            x = m_parent[x] = m_parent[m_parent[x]];
        return x;
    }
    void join(size_t a, size_t b)
    {
        a = find(a);
        b = find(b);
        if (a != b)
            m_parent[std::max(a, b)] = std::min(a, b);
    }

private:
    std::vector<size_t> m_parent;
};

uint64_t mix64(uint64_t x) // splitmix64 finaliser: a fast, well-spread 64-bit hash
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

// Hashes of the character n-grams of the normalised text (spaces removed, so
// spacing differences — frequent in Korean — do not matter).
std::vector<uint64_t> shingleHashes(const std::string& key, int ngram)
{
    std::u32string chars;
    for (const char32_t c : text::decodeUtf8(key))
        if (c != U' ')
            chars.push_back(c);
    std::vector<uint64_t> hashes;
    if (chars.empty())
        return hashes;
    const size_t n = std::min(size_t(ngram), chars.size());
    hashes.reserve(chars.size() - n + 1);
    for (size_t i = 0; i + n <= chars.size(); ++i) {
        uint64_t h = 0;
        for (size_t j = 0; j < n; ++j)
            h = mix64(h ^ chars[i + j]);
        hashes.push_back(h);
    }
    std::sort(hashes.begin(), hashes.end());
    hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
    return hashes;
}

// Rows per LSH band: the most rows (fewest false candidates) for which a pair at
// the threshold still becomes a candidate with probability >= 99.5 %.
int rowsPerBand(int hashes, double threshold)
{
    int best = 1;
    for (int rows = 1; rows <= hashes; ++rows) {
        if (hashes % rows != 0)
            continue;
        const double bands = double(hashes / rows);
        const double candidate = 1.0 - std::pow(1.0 - std::pow(threshold, rows), bands);
        if (candidate >= 0.995)
            best = rows;
    }
    return best;
}

std::vector<DuplicateGroup> groupsFrom(UnionFind& sets, size_t count, DuplicateKind kind,
                                       const std::vector<QaExample>& examples)
{
    std::unordered_map<size_t, std::vector<size_t>> byRoot;
    for (size_t i = 0; i < count; ++i)
        byRoot[sets.find(i)].push_back(i);
    std::vector<DuplicateGroup> groups;
    for (auto& [root, members] : byRoot) {
        if (members.size() < 2)
            continue;
        DuplicateGroup group;
        group.kind = kind;
        group.members = std::move(members);
        group.keeper = suggestKeeper(examples, group.members);
        groups.push_back(std::move(group));
    }
    std::sort(groups.begin(), groups.end(),
              [](const DuplicateGroup& a, const DuplicateGroup& b) { return a.members.front() < b.members.front(); });
    return groups;
}

} // namespace

std::string_view duplicateKindName(DuplicateKind kind)
{
    switch (kind) {
    case DuplicateKind::SameQuestion: return "same-question";
    case DuplicateKind::SamePair: return "same-pair";
    case DuplicateKind::Near: return "near";
    }
    return "?";
}

size_t suggestKeeper(const std::vector<QaExample>& examples, const std::vector<size_t>& members)
{
    return *std::min_element(members.begin(), members.end(), [&](size_t a, size_t b) {
        const size_t lengthA = text::codepointCount(examples[a].output);
        const size_t lengthB = text::codepointCount(examples[b].output);
        return lengthA != lengthB ? lengthA > lengthB : a < b;
    });
}

std::vector<DuplicateGroup> findExactDuplicates(const std::vector<QaExample>& examples, DuplicateKind kind)
{
    if (kind == DuplicateKind::Near)
        throw Error("findExactDuplicates: use findNearDuplicates for near-duplicates");
    std::unordered_map<std::string, size_t> firstWithKey;
    UnionFind sets(examples.size());
    for (size_t i = 0; i < examples.size(); ++i) {
        const std::string key = text::matchingKey(kind == DuplicateKind::SameQuestion
                                                      ? examples[i].instruction
                                                      : pairText(examples[i]));
        const auto [it, inserted] = firstWithKey.emplace(key, i);
        if (!inserted)
            sets.join(it->second, i);
    }
    return groupsFrom(sets, examples.size(), kind, examples);
}

std::vector<DuplicateGroup> findNearDuplicates(const std::vector<QaExample>& examples,
                                               const NearDuplicateOptions& options)
{
    if (!(options.threshold > 0.0 && options.threshold <= 1.0))
        throw Error("The near-duplicate threshold must be in (0, 1]", std::to_string(options.threshold),
                    "0.8 is a good start");
    const size_t k = size_t(std::max(options.hashes, 1));
    const int rows = rowsPerBand(int(k), options.threshold);
    const size_t bands = k / size_t(rows);

    // One-permutation MinHash: each shingle hash goes to one of k bins (its top
    // bits) and each bin keeps its minimum — one hash per shingle instead of k.
    // Empty bins borrow from the next filled bin to the right (densification
    // by rotation), salted by the distance so borrowed values stay distinct.
    const int binBits = int(std::ceil(std::log2(double(k))));
    std::vector<uint64_t> signatures(examples.size() * k);
    std::vector<bool> hasShingles(examples.size(), false);
    constexpr uint64_t kEmpty = std::numeric_limits<uint64_t>::max();
    for (size_t e = 0; e < examples.size(); ++e) {
        const std::vector<uint64_t> shingles = shingleHashes(text::matchingKey(pairText(examples[e])), options.ngram);
        hasShingles[e] = !shingles.empty();
        uint64_t* signature = &signatures[e * k];
        std::fill(signature, signature + k, kEmpty);
        for (const uint64_t shingle : shingles) {
            const uint64_t h = mix64(shingle ^ options.seed);
            const size_t bin = size_t(h >> (64 - binBits)) % k;
            signature[bin] = std::min(signature[bin], h);
        }
        if (!hasShingles[e])
            continue;
        const std::vector<uint64_t> filled(signature, signature + k);
        for (size_t bin = 0; bin < k; ++bin) {
            if (filled[bin] != kEmpty)
                continue;
            size_t distance = 1;
            while (filled[(bin + distance) % k] == kEmpty)
                ++distance;
            signature[bin] = mix64(filled[(bin + distance) % k] ^ distance);
        }
    }
    auto similarity = [&](size_t a, size_t b) {
        size_t equal = 0;
        for (size_t i = 0; i < k; ++i)
            equal += signatures[a * k + i] == signatures[b * k + i];
        return double(equal) / double(k);
    };

    UnionFind sets(examples.size());
    std::vector<double> lowest(examples.size(), 1.0); // lowest similarity of an accepted pair, per example
    std::unordered_map<uint64_t, std::vector<size_t>> buckets;
    for (size_t band = 0; band < bands; ++band) {
        buckets.clear();
        for (size_t e = 0; e < examples.size(); ++e) {
            if (!hasShingles[e])
                continue;
            uint64_t h = band;
            for (size_t r = 0; r < size_t(rows); ++r)
                h = mix64(h ^ signatures[e * k + band * size_t(rows) + r]);
            buckets[h].push_back(e);
        }
        for (const auto& [hash, members] : buckets) {
            // Compare each member with the bucket's first: enough to join them
            // into one group, and linear in the bucket's size.
            for (size_t m = 1; m < members.size(); ++m) {
                if (sets.find(members[0]) == sets.find(members[m]))
                    continue;
                const double s = similarity(members[0], members[m]);
                if (s >= options.threshold) {
                    sets.join(members[0], members[m]);
                    lowest[members[0]] = std::min(lowest[members[0]], s);
                    lowest[members[m]] = std::min(lowest[members[m]], s);
                }
            }
        }
    }
    std::vector<DuplicateGroup> groups = groupsFrom(sets, examples.size(), DuplicateKind::Near, examples);
    for (DuplicateGroup& group : groups)
        for (const size_t member : group.members)
            group.similarity = std::min(group.similarity, lowest[member]);
    return groups;
}

} // namespace qs::data

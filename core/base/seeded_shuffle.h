// A shuffle whose result is fixed by the seed on every platform: splitmix64
// with rejection sampling and Fisher–Yates (std::shuffle and the standard
// distributions differ between standard libraries). Used for the dataset
// split and the training data order, which must be reproducible.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace qs {

struct SplitMix64 {
    uint64_t state;
    uint64_t next()
    {
        uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    // Uniform in [0, bound) without modulo bias.
    uint64_t below(uint64_t bound)
    {
        const uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
        uint64_t value;
        do
            value = next();
        while (value >= limit);
        return value % bound;
    }
};

template <typename T>
void seededShuffle(std::vector<T>& items, uint64_t seed)
{
    SplitMix64 random{seed};
    for (size_t i = items.size(); i > 1; --i) // Fisher–Yates
        std::swap(items[i - 1], items[random.below(i)]);
}

} // namespace qs

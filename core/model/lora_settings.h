// LoRA settings, as PEFT's LoraConfig names them: low-rank matrices A [r, in]
// and B [out, r] beside each targeted projection, adding (alpha / r) · B A x
// (alpha / √r with rsLoRA).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace qs::model {

// The seven projections of a Llama-family decoder layer, in PEFT's module names.
const std::vector<std::string>& allProjections();

struct LoraSettings {
    int64_t rank = 16;
    double alpha = 32;
    // 0 as Unsloth's default, which the seed guide trains with.
    double dropout = 0.0;
    std::vector<std::string> targets = allProjections(); // module names, e.g. "q_proj"
    bool rsLora = false;
    uint64_t seed = 0; // for A's initialisation

    double scale() const;
};

} // namespace qs::model

#include "core/data/clean.h"

#include "core/data/duplicates.h"

#include <algorithm>

namespace qs::data {
namespace {

constexpr Check kTextFixes[] = {Check::Mojibake, Check::ControlCharacters, Check::ReplacementCharacter,
                                Check::StrayWhitespace};

// Keeps examples whose `drop` flag is false, preserving order.
std::vector<QaExample> keepUnmarked(std::vector<QaExample> examples, const std::vector<bool>& drop)
{
    std::vector<QaExample> kept;
    kept.reserve(examples.size());
    for (size_t i = 0; i < examples.size(); ++i)
        if (!drop[i])
            kept.push_back(std::move(examples[i]));
    return kept;
}

} // namespace

CleanResult cleanExamples(std::vector<QaExample> examples, const CleanOptions& options)
{
    CleanResult result;
    result.summary.input = examples.size();

    for (QaExample& example : examples) {
        for (const Field field : kAllFields) {
            std::string& text = example.text(field);
            if (options.fixText) {
                for (const Check check : kTextFixes) {
                    if (auto fixed = fixText(check, text)) {
                        text = std::move(*fixed);
                        ++result.summary.fieldsFixed;
                    }
                }
            }
            if (auto nfc = fixText(Check::NotNfc, text)) {
                text = std::move(*nfc);
                ++result.summary.fieldsNormalized;
            }
        }
    }

    if (options.dropFlagged) {
        std::vector<bool> drop(examples.size(), false);
        for (const Finding& finding : checkExamples(examples, options.checks))
            if (isQualityCheck(finding.check))
                drop[finding.example] = true;
        result.summary.droppedFlagged = size_t(std::count(drop.begin(), drop.end(), true));
        examples = keepUnmarked(std::move(examples), drop);
    }

    if (options.dedup != DedupMode::None) {
        NearDuplicateOptions near;
        near.threshold = options.threshold;
        const std::vector<DuplicateGroup> groups = options.dedup == DedupMode::Exact
                                                       ? findExactDuplicates(examples, DuplicateKind::SameQuestion)
                                                       : findNearDuplicates(examples, near);
        std::vector<bool> drop(examples.size(), false);
        for (const DuplicateGroup& group : groups)
            for (const size_t member : group.members)
                drop[member] = member != group.keeper;
        result.summary.droppedDuplicates = size_t(std::count(drop.begin(), drop.end(), true));
        examples = keepUnmarked(std::move(examples), drop);
    }

    result.summary.output = examples.size();
    result.examples = std::move(examples);
    return result;
}

} // namespace qs::data

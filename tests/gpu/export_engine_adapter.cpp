// For the adapter round trip through PEFT (tests/gpu/run.sh): adds a LoRA
// adapter to a fixture model, gives B seeded non-zero values (as training
// would), saves it in PEFT's format and writes the engine's losses for the
// reference texts beside it; tests/reference/check_engine_adapter.py then
// loads the adapter with PEFT and compares.
//   export_engine_adapter MODEL_DIR REFERENCE_JSON MODEL_NAME OUT_DIR [--rslora]
#include "core/base/atomic_file.h"
#include "core/base/read_file.h"
#include "core/model/language_model_impl.h"

#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

int main(int argc, char** argv)
{
    if (argc < 5) {
        std::fprintf(stderr, "usage: export_engine_adapter MODEL_DIR REFERENCE_JSON MODEL_NAME OUT_DIR [--rslora]\n");
        return 2;
    }
    try {
        qs::model::LanguageModel model = qs::model::LanguageModel::load(argv[1]);
        qs::model::LoraSettings settings;
        settings.rank = 8;
        settings.alpha = 16;
        settings.rsLora = argc > 5 && !std::strcmp(argv[5], "--rslora");
        settings.targets = settings.rsLora ? std::vector<std::string>{"q_proj", "k_proj", "v_proj", "o_proj"}
                                           : qs::model::allProjections();
        settings.seed = 11;
        model.addAdapter(settings);
        torch::manual_seed(12);
        {
            torch::NoGradGuard noGrad;
            for (auto& layer : model.state().decoder.layers)
                for (auto* projection : layer.projections())
                    if (projection->lora)
                        projection->lora->b.normal_(0, 0.2);
        }
        model.saveAdapter(argv[4]);

        const auto reference = nlohmann::json::parse(qs::readWholeFile(argv[2], "reference.json"));
        nlohmann::json scores = nlohmann::json::array();
        for (const auto& testCase : reference["models"][argv[3]]["cases"]) {
            const auto ids = testCase["ids"].get<std::vector<int64_t>>();
            scores.push_back({{"ids", ids}, {"loss", model.score(ids).loss}});
        }
        qs::writeFileAtomically(std::filesystem::path(argv[4]) / "engine_scores.json", scores.dump() + "\n");
        std::printf("saved %s (%lld LoRA parameters)\n", argv[4], (long long)model.adapterParameterCount());
        return 0;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "export_engine_adapter: %s\n", error.what());
        return 1;
    }
}

// Arguments shared by the commands that load a model, generate with it or train it.
#pragma once

#include "app/cli/arguments.h"
#include "core/infer/generator.h"
#include "core/model/language_model.h"
#include "core/train/train_options.h"

#include <optional>
#include <set>

namespace qs::cli {

// --precision (default auto), with an error that lists the choices.
model::Precision precisionArgument(const Arguments& args);
// --grad-checkpointing off|on|lean|offload if given, with an error that lists the choices.
std::optional<train::GradCheckpointing> checkpointingArgument(const Arguments& args);
// --device: cpu, cuda, cuda:N, or auto (default: the first GPU where there is one).
std::string deviceArgument(const Arguments& args);
// --model DIR [--adapter DIR] [--merge] [--precision P] [--device D]; throws with `usage` when --model
// is missing. --merge (for commands that accept it) folds the adapter into 16-bit weights for speed.
model::LanguageModel loadModelArguments(const Arguments& args, const std::string& usage);
// "1,2,3" → ids; an error names `option` and the bad item.
std::vector<int64_t> tokenIdsArgument(const std::string& list, const std::string& option);

// The options generationArguments reads, for Arguments' list of value options.
const std::set<std::string>& generationValueOptions(); // --max-new-tokens --temperature --top-p --top-k ...
// --greedy (default) or sampling when --temperature/--top-p/--top-k is given; --stop may repeat as S1|S2.
infer::GenerationOptions generationArguments(const Arguments& args);

} // namespace qs::cli

// Arguments shared by the commands that load a model.
#pragma once

#include "app/cli/arguments.h"
#include "core/model/model_config.h"

namespace qs::cli {

// --precision (default auto), with an error that lists the choices.
model::Precision precisionArgument(const Arguments& args);

} // namespace qs::cli

#include "app/cli/model_arguments.h"

#include "core/base/error.h"

namespace qs::cli {

model::Precision precisionArgument(const Arguments& args)
{
    const std::string name = args.valueOr("--precision", "auto");
    const auto precision = model::parsePrecision(name);
    if (!precision)
        throw Error("Unknown precision '" + name + "'", "--precision", "use auto, nf4, int8, fp16, bf16 or fp32");
    return *precision;
}

} // namespace qs::cli

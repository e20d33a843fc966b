// `qlora bench load`: how long loading a model takes in a precision and how
// much memory it holds afterwards and at its peak — one table row per run
// (one precision per process, so that peaks do not carry over).
#include "app/cli/arguments.h"
#include "app/cli/cli_command.h"
#include "app/cli/model_arguments.h"

#include "core/base/error.h"
#include "core/hw/cuda_runtime.h"
#include "core/model/language_model.h"

#include <chrono>
#include <cstdio>
#include <sys/resource.h>

namespace qs::cli {

int runBenchLoad(std::span<const std::string> rawArgs)
{
    const Arguments args(rawArgs, {"--model", "--precision", "--device"}, {"--header"});
    const auto folder = args.value("--model");
    if (!folder)
        throw Error("Give a model folder", "", "usage: qlora bench load --model DIR [--precision P] [--device cpu|cuda]");
    model::LoadOptions options;
    options.precision = precisionArgument(args);
    options.device = args.valueOr("--device", "cpu");
    if (args.has("--header"))
        std::printf("| precision | device | load s | weights GiB | peak GPU allocated GiB | peak GPU reserved GiB | "
                    "peak RSS GiB |\n|---|---|---:|---:|---:|---:|---:|\n");

    hw::resetCudaPeakMemory();
    const auto start = std::chrono::steady_clock::now();
    const model::LanguageModel model = model::LanguageModel::load(*folder, options);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const hw::CudaMemoryStats gpu = hw::cudaMemoryStats();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const double gib = double(1 << 30);
    std::printf("| %s | %s | %.1f | %.2f | %.2f | %.2f | %.2f |\n",
                std::string(model::precisionName(model.precision())).c_str(), model.deviceName().c_str(), seconds,
                double(model.weightBytesInMemory()) / gib, double(gpu.allocatedPeak) / gib,
                double(gpu.reservedPeak) / gib, double(usage.ru_maxrss) * 1024 / gib);
    return 0;
}

} // namespace qs::cli

#include "core/infer/generate_benchmark.h"

#include "core/hw/device_rates_impl.h"
#include "core/hw/profiler_range.h"
#include "core/infer/next_token_logits_impl.h"
#include "core/model/language_model_impl.h"

#include <ATen/CPUGeneratorImpl.h>
#include <chrono>

namespace qs::infer {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kGib = double(int64_t(1) << 30);

} // namespace

GenerateBenchmarkResult benchmarkGeneration(const GenerateBenchmarkOptions& options)
{
    model::LoadOptions load;
    load.precision = options.precision;
    load.device = options.device;
    model::LanguageModel languageModel = model::LanguageModel::load(options.model, load);
    if (options.loraRank > 0) { // a tuned model answering: the low-rank path runs at every projection
        model::LoraSettings lora;
        lora.rank = options.loraRank;
        lora.alpha = 2.0 * double(options.loraRank);
        languageModel.addAdapter(lora);
    }
    const model::LanguageModel::State& state = languageModel.state();
    const model::Decoder& decoder = state.decoder;
    torch::NoGradGuard noGrad;

    torch::Generator generator = at::detail::createCPUGenerator(options.seed);
    const torch::Tensor random = torch::randint(decoder.config.vocabSize, {options.promptTokens}, generator,
                                                torch::TensorOptions().dtype(torch::kLong));
    const std::vector<int64_t> prompt(random.data_ptr<int64_t>(), random.data_ptr<int64_t>() + random.numel());
    // Greedy, as the generator decodes: each step's token goes back to the host.
    const auto run = [&](int64_t newTokens, double& prefillSeconds) {
        NextTokenLogits nextLogits(decoder, state.device, options.cudaGraphs, options.promptTokens + newTokens);
        hw::synchronize(state.device);
        Clock::time_point start = Clock::now();
        int64_t token = nextLogits.prefill(prompt).argmax().item<int64_t>();
        prefillSeconds = std::chrono::duration<double>(Clock::now() - start).count();
        start = Clock::now();
        for (int64_t i = 1; i < newTokens; ++i) {
            // The last step is marked for a profiler (tests/gpu/run.sh profiledecode).
            const hw::ProfilerRange range(i + 1 == newTokens ? "qlora decode step" : nullptr);
            token = nextLogits.greedyAfter(token);
        }
        return std::chrono::duration<double>(Clock::now() - start).count();
    };
    double prefill = 0;
    run(8, prefill); // warm-up: kernels chosen, allocator filled
    const double decodeSeconds = run(options.newTokens, prefill);

    GenerateBenchmarkResult result;
    result.cudaGraphs = options.cudaGraphs && hw::CudaGraphStep::supported(state.device);
    if (result.cudaGraphs) {
        constexpr int kReplays = 64;
        // The prompt, the recorded step, one untimed replay and the timed ones.
        NextTokenLogits steps(decoder, state.device, true, options.promptTokens + kReplays + 2);
        steps.next(steps.prefill(prompt).argmax().item<int64_t>());
        result.gpuStepsPerSecond = 1.0 / hw::secondsPerCall(state.device, kReplays, [&] { steps.replayRecordedStep(); });
    }
    result.precision = std::string(model::precisionName(languageModel.precision()));
    result.device = languageModel.deviceName();
    result.loraRank = languageModel.hasAdapter() ? options.loraRank : 0;
    result.prefillSeconds = prefill;
    result.decodeTokensPerSecond = double(options.newTokens - 1) / decodeSeconds;
    result.weightGib = double(languageModel.weightBytesInMemory()) / kGib;
    // Each decoded token reads every weight once, and the KV cache (at its mean length).
    const double kvBytes = 2.0 * double(decoder.config.layers * decoder.config.kvHeads * decoder.config.headDim)
                           * double(options.promptTokens + options.newTokens / 2)
                           * double(torch::elementSize(decoder.computeDtype));
    const double bytesPerToken = double(languageModel.weightBytesInMemory()) + kvBytes;
    // Memory traffic per second of a large copy (reads + writes): what the memory delivers,
    // and decoding's reads can use all of it.
    const double bandwidth = hw::copyBandwidth(state.device);
    result.copyGibPerSecond = bandwidth / kGib;
    result.bandwidthLimitTokensPerSecond = bandwidth / bytesPerToken;
    return result;
}

} // namespace qs::infer

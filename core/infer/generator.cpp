#include "core/infer/generator.h"

#include "core/base/error.h"
#include "core/infer/next_token_logits_impl.h"
#include "core/model/language_model_impl.h"
#include "core/text/tokenizer.h"

#include <ATen/CPUGeneratorImpl.h>
#include <algorithm>
#include <chrono>
#include <limits>
#include <set>

namespace qs::infer {
namespace {

using Clock = std::chrono::steady_clock;

void checkOptions(const GenerationOptions& o)
{
    if (o.maxNewTokens < 0)
        throw Error("max_new_tokens cannot be negative", "generation settings", "256 is a usual answer length");
    if (!o.greedy && !(o.temperature > 0))
        throw Error("The temperature must be positive when sampling", "generation settings",
                    "0.7 is usual; use greedy decoding for deterministic answers");
    if (!(o.topP > 0 && o.topP <= 1))
        throw Error("top-p must be in (0, 1]", "generation settings", "0.9 is usual; 1 switches it off");
    if (o.topK < 0)
        throw Error("top-k cannot be negative", "generation settings", "50 is usual; 0 switches it off");
    if (!(o.repetitionPenalty > 0))
        throw Error("The repetition penalty must be positive", "generation settings", "1 switches it off; 1.1 is mild");
}

// The next token from the last position's logits ([vocab], fp32), as transformers'
// logits processors order it: repetition penalty, temperature, top-k, top-p.
int64_t chooseToken(torch::Tensor logits, const std::vector<int64_t>& history, const GenerationOptions& o,
                    torch::Generator& generator)
{
    if (o.repetitionPenalty != 1.0 && !history.empty()) {
        const torch::Tensor seen = torch::tensor(history, torch::kLong).to(logits.device());
        const torch::Tensor values = logits.index_select(0, seen);
        logits = logits.clone();
        logits.index_put_({seen}, torch::where(values < 0, values * o.repetitionPenalty, values / o.repetitionPenalty));
    }
    if (o.greedy)
        return logits.argmax().item<int64_t>();
    logits = logits.to(torch::kCPU) / o.temperature;
    constexpr double kRemoved = -std::numeric_limits<double>::infinity();
    torch::Tensor candidateIds; // where the cut below keeps k tokens: their ids, `logits` then holds only theirs
    if (o.topK > 0 && o.topK < logits.size(0)) {
        auto [values, ids] = logits.topk(o.topK); // descending
        const torch::Tensor kth = values[o.topK - 1];
        if (logits.ge(kth).sum().item<int64_t>() == o.topK) {
            // No tie at the k-th value: the cut keeps exactly these k, and top-p and
            // sampling run over k values instead of the whole vocabulary.
            logits = values;
            candidateIds = ids;
        } else {
            logits = logits.masked_fill(logits < kth, kRemoved); // ties at the cut stay, as in transformers
        }
    }
    if (o.topP < 1.0) {
        const auto [sorted, order] = logits.sort(/*dim=*/0, /*descending=*/true);
        const torch::Tensor probabilities = sorted.softmax(0);
        // Drop a token once the ones before it already reach top-p; the first always stays.
        const torch::Tensor drop = (probabilities.cumsum(0) - probabilities) > o.topP;
        logits.index_put_({order.masked_select(drop)}, kRemoved);
    }
    const int64_t chosen = logits.softmax(0).multinomial(1, /*replacement=*/false, generator).item<int64_t>();
    return candidateIds.defined() ? candidateIds[chosen].item<int64_t>() : chosen;
}

// Length of the longest end of `text` that begins one of the stop strings:
// text that may still become a stop string is held back from the stream.
size_t pendingStopPrefix(std::string_view text, const std::vector<std::string>& stops)
{
    size_t longest = 0;
    for (const std::string& stop : stops)
        for (size_t length = stop.empty() ? 0 : std::min(stop.size() - 1, text.size()); length > longest; --length)
            if (text.substr(text.size() - length) == std::string_view(stop).substr(0, length)) {
                longest = length;
                break;
            }
    return longest;
}

} // namespace

std::string_view stopReasonName(StopReason reason)
{
    switch (reason) {
    case StopReason::EndToken: return "end_token";
    case StopReason::StopString: return "stop_string";
    case StopReason::MaxTokens: return "max_tokens";
    case StopReason::Cancelled: return "cancelled";
    }
    return "max_tokens";
}

double GenerationResult::decodeTokensPerSecond() const
{
    return newIds.size() > 1 && decodeSeconds > 0 ? double(newIds.size() - 1) / decodeSeconds : 0.0;
}

GenerationResult generate(model::LanguageModel& model, const text::Tokenizer& tokenizer,
                          std::span<const int64_t> promptIds, const GenerationOptions& options, const TextCallback& onText)
{
    checkOptions(options);
    if (promptIds.empty())
        throw Error("The prompt has no tokens", "", "give a question or token ids");
    model::LanguageModel::State& state = model.state();
    model::Decoder& decoder = state.decoder;
    const int64_t vocab = decoder.config.vocabSize;
    for (size_t i = 0; i < promptIds.size(); ++i)
        if (promptIds[i] < 0 || promptIds[i] >= vocab)
            throw Error("Token id " + std::to_string(promptIds[i]) + " at position " + std::to_string(i)
                            + " is outside the vocabulary",
                        "", "the model has " + std::to_string(vocab) + " tokens");
    const int64_t context = decoder.config.maxPositions;
    if (context > 0 && int64_t(promptIds.size()) >= context)
        throw Error("The prompt has " + std::to_string(promptIds.size()) + " tokens; the model's context is "
                        + std::to_string(context),
                    "", "shorten the question");
    const int64_t maxNew = context > 0 ? std::min(options.maxNewTokens, context - int64_t(promptIds.size()))
                                       : options.maxNewTokens;

    // The adapter's state is the request's; put back what the caller had.
    const bool adapterWas = decoder.loraEnabled;
    decoder.loraEnabled = options.useAdapter;
    struct Restore {
        model::Decoder& decoder;
        bool enabled;
        ~Restore() { decoder.loraEnabled = enabled; }
    } restore{decoder, adapterWas};

    torch::NoGradGuard noGrad;
    torch::Generator random = at::detail::createCPUGenerator(options.seed);
    const std::set<int32_t>& stopIds = tokenizer.specialIds().stop;
    text::StreamingDecoder stream(tokenizer, /*skipSpecialTokens=*/true);
    std::vector<int64_t> history(promptIds.begin(), promptIds.end());
    GenerationResult result;
    result.promptTokens = int64_t(promptIds.size());
    size_t sent = 0; // bytes of result.text handed to onText
    const auto emit = [&](size_t upTo) {
        if (upTo <= sent)
            return true;
        const bool go = !onText || onText(std::string_view(result.text).substr(sent, upTo - sent));
        sent = upTo;
        return go;
    };

    NextTokenLogits nextLogits(decoder, state.device, options.cudaGraphs, int64_t(history.size()) + maxNew);
    const bool chained = options.greedy && options.repetitionPenalty == 1.0;
    Clock::time_point start = Clock::now();
    for (int64_t i = 0; i < maxNew; ++i) {
        // Each waits for the GPU. Plain greedy steps chain there; the others need the logits on the host.
        int64_t next;
        if (i == 0)
            next = chooseToken(nextLogits.prefill(history), history, options, random);
        else if (chained)
            next = nextLogits.greedyAfter(history.back());
        else
            next = chooseToken(nextLogits.next(history.back()), history, options, random);
        if (i == 0) {
            result.prefillSeconds = std::chrono::duration<double>(Clock::now() - start).count();
            start = Clock::now();
        }
        if (stopIds.count(int32_t(next))) {
            result.stopReason = StopReason::EndToken;
            break;
        }
        result.newIds.push_back(int32_t(next));
        history.push_back(next);
        result.text += stream.push(int32_t(next));

        size_t found = std::string::npos;
        for (const std::string& stop : options.stopStrings)
            if (!stop.empty())
                found = std::min(found, result.text.find(stop));
        if (found != std::string::npos) {
            result.text.resize(found);
            result.stopReason = StopReason::StopString;
            break;
        }
        if (!emit(result.text.size() - pendingStopPrefix(result.text, options.stopStrings))) {
            result.stopReason = StopReason::Cancelled;
            break;
        }
    }
    if (!result.newIds.empty())
        result.decodeSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (result.stopReason != StopReason::Cancelled)
        emit(result.text.size());
    return result;
}

} // namespace qs::infer

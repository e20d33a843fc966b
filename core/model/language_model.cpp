#include "core/model/language_model.h"

#include "core/base/error.h"
#include "core/hw/blas_threads.h"
#include "core/model/language_model_impl.h"
#include "core/model/peft_adapter_impl.h"

#include <ATen/CPUGeneratorImpl.h>
#include <algorithm>

namespace qs::model {
namespace {

torch::Device parseDevice(const std::string& requested)
{
    const std::string name = requested == "auto" ? (torch::cuda::is_available() ? "cuda" : "cpu") : requested;
    if (name != "cpu" && name.rfind("cuda", 0) != 0)
        throw Error("Unknown device '" + name + "'", "", "use auto, cpu, cuda or cuda:N");
    const torch::Device device(name);
    if (device.is_cuda() && !torch::cuda::is_available())
        throw Error("CUDA is not available", "", "this build or this machine has no usable NVIDIA GPU; use --device cpu");
    if (device.is_cuda() && device.has_index() && device.index() >= int(torch::cuda::device_count()))
        throw Error("There is no GPU " + std::to_string(device.index()), "",
                    std::to_string(torch::cuda::device_count()) + " GPU(s) are visible");
    return device;
}

// ids: [1, n] on the model's device, each checked against the vocabulary.
torch::Tensor inputIds(const LanguageModel::State& state, std::span<const int64_t> ids)
{
    const int64_t vocab = state.decoder.config.vocabSize;
    for (size_t i = 0; i < ids.size(); ++i)
        if (ids[i] < 0 || ids[i] >= vocab)
            throw Error("Token id " + std::to_string(ids[i]) + " at position " + std::to_string(i)
                            + " is outside the vocabulary",
                        "", "the model has " + std::to_string(vocab) + " tokens (ids 0 to " + std::to_string(vocab - 1) + ")");
    return torch::tensor(std::vector<int64_t>(ids.begin(), ids.end()), torch::kLong).unsqueeze(0).to(state.device);
}

} // namespace

LanguageModel::LanguageModel(std::unique_ptr<State> state) : m_state(std::move(state)) {}
LanguageModel::LanguageModel(LanguageModel&&) noexcept = default;
LanguageModel& LanguageModel::operator=(LanguageModel&&) noexcept = default;
LanguageModel::~LanguageModel() = default;

LanguageModel LanguageModel::load(const std::filesystem::path& folder, const LoadOptions& options)
{
    const ModelConfig config = ModelConfig::fromFile(folder / "config.json");
    auto state = std::make_unique<State>();
    state->folder = folder;
    state->device = parseDevice(options.device);
    if (state->device.is_cpu())
        hw::useOneBlasThreadPerProduct();
    state->precision = resolvePrecision(options.precision, state->device);
    state->decoder = loadDecoder(folder, config, state->precision, state->device, options.progress);
    return LanguageModel(std::move(state));
}

const ModelConfig& LanguageModel::config() const { return m_state->decoder.config; }
const std::filesystem::path& LanguageModel::folder() const { return m_state->folder; }
Precision LanguageModel::precision() const { return m_state->precision; }
std::string LanguageModel::deviceName() const { return m_state->device.str(); }

int64_t LanguageModel::weightBytesInMemory() const
{
    const Decoder& d = m_state->decoder;
    const auto bytes = [](const torch::Tensor& t) { return t.numel() * int64_t(t.element_size()); };
    int64_t total = bytes(d.embedding) + bytes(d.finalNorm) + (d.lmHead ? d.lmHead->storageBytes() : 0);
    for (const DecoderLayer& layer : d.layers) {
        total += bytes(layer.inputNorm) + bytes(layer.postAttentionNorm);
        for (const Projection* p : layer.projections())
            total += p->base.storageBytes();
    }
    return total;
}

TokenScores LanguageModel::score(std::span<const int64_t> ids) const
{
    if (ids.size() < 2)
        throw Error("Scoring needs at least two tokens", "", "the loss predicts each token from the ones before it");
    torch::NoGradGuard noGrad;
    const torch::Tensor input = inputIds(*m_state, ids);                                 // [1, n]
    const Decoder& decoder = m_state->decoder;
    const torch::Tensor logits = decoder.logits(decoder.hidden(input))[0].to(torch::kFloat32); // [n, vocab]
    const int64_t n = input.size(1);
    const torch::Tensor logprobs = torch::log_softmax(logits.slice(0, 0, n - 1), -1)
                                       .gather(1, input[0].slice(0, 1).unsqueeze(1))
                                       .squeeze(1)
                                       .to(torch::kCPU, torch::kDouble); // [n - 1]
    TokenScores scores;
    scores.tokens = n;
    scores.logprobs.assign(logprobs.data_ptr<double>(), logprobs.data_ptr<double>() + (n - 1));
    scores.loss = -logprobs.mean().item<double>();
    return scores;
}

std::vector<int64_t> LanguageModel::greedyContinuation(std::span<const int64_t> ids, int64_t newTokens,
                                                       std::span<const int64_t> stopIds) const
{
    torch::NoGradGuard noGrad;
    const Decoder& decoder = m_state->decoder;
    KvCache cache;
    torch::Tensor input = inputIds(*m_state, ids);
    std::vector<int64_t> continuation;
    for (int64_t i = 0; i < newTokens; ++i) {
        const torch::Tensor last = decoder.logits(decoder.hiddenCached(input, cache).slice(1, -1))[0][0]; // [vocab]
        const int64_t next = last.to(torch::kFloat32).argmax().item<int64_t>();
        if (std::find(stopIds.begin(), stopIds.end(), next) != stopIds.end())
            break;
        continuation.push_back(next);
        input = torch::full({1, 1}, next, torch::TensorOptions().dtype(torch::kLong).device(m_state->device));
    }
    return continuation;
}

void LanguageModel::addAdapter(const LoraSettings& settings)
{
    for (const std::string& target : settings.targets)
        if (std::find(allProjections().begin(), allProjections().end(), target) == allProjections().end())
            throw Error("Unknown LoRA target '" + target + "'", "",
                        "targets are q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj");
    torch::Generator generator = at::detail::createCPUGenerator(settings.seed);
    for (DecoderLayer& layer : m_state->decoder.layers) {
        const auto projections = layer.projections();
        for (size_t p = 0; p < projections.size(); ++p) {
            const bool targeted = std::find(settings.targets.begin(), settings.targets.end(), allProjections()[p])
                                  != settings.targets.end();
            projections[p]->lora.reset();
            if (targeted)
                projections[p]->lora = initLora(projections[p]->base, settings, generator, m_state->device);
        }
    }
    m_state->lora = settings;
    m_state->decoder.loraEnabled = true;
}

void LanguageModel::loadAdapter(const std::filesystem::path& adapterFolder)
{
    readPeftAdapter(*m_state, adapterFolder);
    m_state->decoder.loraEnabled = true;
}

void LanguageModel::saveAdapter(const std::filesystem::path& adapterFolder) const
{
    if (!m_state->lora)
        throw Error("There is no adapter to save");
    writePeftAdapter(*m_state, adapterFolder);
}

bool LanguageModel::hasAdapter() const { return m_state->lora.has_value(); }

const LoraSettings& LanguageModel::adapterSettings() const
{
    if (!m_state->lora)
        throw Error("The model has no adapter");
    return *m_state->lora;
}

int64_t LanguageModel::adapterParameterCount() const
{
    int64_t count = 0;
    for (const DecoderLayer& layer : m_state->decoder.layers)
        for (const Projection* p : layer.projections())
            if (p->lora)
                count += p->lora->a.numel() + p->lora->b.numel();
    return count;
}

void LanguageModel::setAdapterEnabled(bool enabled) { m_state->decoder.loraEnabled = enabled; }
bool LanguageModel::adapterEnabled() const { return m_state->lora && m_state->decoder.loraEnabled; }

void LanguageModel::mergeAdapter()
{
    if (!m_state->lora)
        throw Error("There is no adapter to merge");
    if (m_state->precision == Precision::Nf4 || m_state->precision == Precision::Int8)
        throw Error("An adapter cannot be merged into 4-bit or 8-bit weights", "",
                    "load the model in bf16, fp16 or fp32 to merge");
    for (DecoderLayer& layer : m_state->decoder.layers)
        for (Projection* p : layer.projections())
            p->mergeLora();
    m_state->lora.reset();
}

} // namespace qs::model

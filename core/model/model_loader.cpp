// Reading a checkpoint into a Decoder: every tensor the config implies is
// found, its shape and dtype checked, copied to the device and converted
// (quantized for nf4/int8) one at a time.
#include "core/base/error.h"
#include "core/hw/cuda_runtime.h"
#include "core/model/language_model_impl.h"
#include "core/model/safetensors.h"

#include <sstream>

namespace qs::model {
namespace {

std::string shapeText(const std::vector<int64_t>& shape)
{
    std::ostringstream text;
    text << '[';
    for (size_t i = 0; i < shape.size(); ++i)
        text << (i ? ", " : "") << shape[i];
    text << ']';
    return text.str();
}

torch::ScalarType torchType(DType dtype)
{
    switch (dtype) {
    case DType::F32: return torch::kFloat32;
    case DType::F16: return torch::kFloat16;
    case DType::BF16: return torch::kBFloat16;
    default: throw Error("not a floating-point dtype");
    }
}

// The checkpoint's tensors by name, each checked against config.json.
class Checkpoint {
public:
    Checkpoint(const std::filesystem::path& folder, const ModelConfig& config)
    {
        for (const auto& path : checkpointFiles(folder))
            m_files.push_back(SafetensorsFile::open(path));
        for (size_t f = 0; f < m_files.size(); ++f)
            for (const TensorInfo& info : m_files[f].tensors())
                if (!m_where.emplace(info.name, std::make_pair(f, &info)).second)
                    throw Error("Tensor '" + info.name + "' is stored twice", m_files[f].name(),
                                "the shards of a checkpoint must not overlap");
        m_expected = config.expectedTensors();
        for (const auto& [name, shape] : m_expected) {
            const auto found = m_where.find(name);
            if (found == m_where.end())
                throw Error("Tensor '" + name + "' is missing", folder.string(),
                            "the checkpoint does not match config.json (model_type " + config.modelType + ")");
            const auto& [file, info] = found->second;
            if (info->shape != shape)
                throw Error("Tensor '" + name + "' has shape " + shapeText(info->shape) + " but config.json implies "
                                + shapeText(shape),
                            m_files[file].name(), "config.json and the weights come from different models");
            if (info->dtype != DType::F32 && info->dtype != DType::F16 && info->dtype != DType::BF16)
                throw Error("Tensor '" + name + "' has dtype " + std::string(dtypeName(info->dtype)),
                            m_files[file].name(), "model weights must be F32, F16 or BF16");
        }
    }

    size_t count() const { return m_expected.size(); }

    // A copy on `device` in the stored dtype (never a view of the mapped file).
    torch::Tensor read(const std::string& name, const torch::Device& device) const
    {
        const auto& [file, info] = m_where.at(name);
        const std::span<const std::byte> bytes = m_files[file].bytes(*info);
        const torch::Tensor mapped = torch::from_blob(const_cast<std::byte*>(bytes.data()), info->shape,
                                                      torch::TensorOptions().dtype(torchType(info->dtype)));
        torch::Tensor copy = mapped.to(device, mapped.scalar_type(), /*non_blocking=*/false, /*copy=*/true);
        m_files[file].releasePages(*info);
        return copy;
    }

private:
    std::vector<SafetensorsFile> m_files;
    std::map<std::string, std::pair<size_t, const TensorInfo*>> m_where;
    std::map<std::string, std::vector<int64_t>> m_expected;
};

class DecoderReader {
public:
    DecoderReader(const Checkpoint& checkpoint, Precision precision, const torch::Device& device,
                  torch::ScalarType computeDtype, const std::function<bool(size_t, size_t)>& progress)
        : m_checkpoint(checkpoint), m_precision(precision), m_device(device), m_dtype(computeDtype),
          m_progress(progress)
    {
    }

    torch::Tensor plain(const std::string& name)
    {
        torch::Tensor t = m_checkpoint.read(name, m_device).to(m_dtype);
        advance();
        return t;
    }

    FrozenLinear projection(const std::string& name, bool hasBias)
    {
        torch::Tensor weight = m_checkpoint.read(name + ".weight", m_device);
        advance();
        torch::Tensor bias = hasBias ? plain(name + ".bias") : torch::Tensor();
        if (m_precision == Precision::Nf4)
            return FrozenLinear::nf4(quantizeNf4(weight), std::move(bias), m_dtype);
        if (m_precision == Precision::Int8)
            return FrozenLinear::int8(quantizeInt8(weight), std::move(bias), m_dtype);
        return FrozenLinear::dense(weight.to(m_dtype), std::move(bias));
    }

private:
    void advance()
    {
        ++m_done;
        if (m_progress && !m_progress(m_done, m_checkpoint.count()))
            throw Error("Loading was cancelled");
    }

    const Checkpoint& m_checkpoint;
    Precision m_precision;
    torch::Device m_device;
    torch::ScalarType m_dtype;
    const std::function<bool(size_t, size_t)>& m_progress;
    size_t m_done = 0;
};

bool cudaHasBf16(const torch::Device& device)
{
    const auto info = hw::cudaDeviceInfo(device.has_index() ? device.index() : 0);
    return !info || info->major >= 8; // unknown: assume a current GPU
}

} // namespace

Precision resolvePrecision(Precision requested, const torch::Device& device)
{
    if (requested != Precision::Auto)
        return requested;
    if (device.is_cpu())
        return Precision::Fp32;
    return cudaHasBf16(device) ? Precision::Bf16 : Precision::Fp16;
}

torch::ScalarType computeDtypeFor(Precision precision, const torch::Device& device)
{
    switch (precision) {
    case Precision::Fp32: return torch::kFloat32;
    case Precision::Fp16: return torch::kFloat16;
    case Precision::Bf16: return torch::kBFloat16;
    default: break;
    }
    if (device.is_cpu())
        return torch::kFloat32;
    return cudaHasBf16(device) ? torch::kBFloat16 : torch::kFloat16;
}

Decoder loadDecoder(const std::filesystem::path& folder, const ModelConfig& config, Precision precision,
                    const torch::Device& device, const std::function<bool(size_t, size_t)>& progress)
{
    torch::NoGradGuard noGrad;
    const Checkpoint checkpoint(folder, config);
    Decoder decoder;
    decoder.config = config;
    decoder.computeDtype = computeDtypeFor(precision, device);
    DecoderReader reader(checkpoint, precision, device, decoder.computeDtype, progress);

    decoder.embedding = reader.plain("model.embed_tokens.weight");
    for (int64_t i = 0; i < config.layers; ++i) {
        const std::string prefix = "model.layers." + std::to_string(i) + ".";
        DecoderLayer layer;
        layer.inputNorm = reader.plain(prefix + "input_layernorm.weight");
        layer.q.base = reader.projection(prefix + "self_attn.q_proj", config.qkvBias);
        layer.k.base = reader.projection(prefix + "self_attn.k_proj", config.qkvBias);
        layer.v.base = reader.projection(prefix + "self_attn.v_proj", config.qkvBias);
        layer.o.base = reader.projection(prefix + "self_attn.o_proj", false);
        layer.postAttentionNorm = reader.plain(prefix + "post_attention_layernorm.weight");
        layer.gate.base = reader.projection(prefix + "mlp.gate_proj", false);
        layer.up.base = reader.projection(prefix + "mlp.up_proj", false);
        layer.down.base = reader.projection(prefix + "mlp.down_proj", false);
        decoder.layers.push_back(std::move(layer));
    }
    decoder.finalNorm = reader.plain("model.norm.weight");
    if (!config.tieWordEmbeddings) // lm_head stays 16-bit in nf4/int8, as bitsandbytes leaves it
        decoder.lmHead = FrozenLinear::dense(reader.plain("lm_head.weight"), torch::Tensor());
    decoder.inverseFrequencies = ropeInverseFrequencies(config, device);
    if (device.is_cuda()) // give the quantization temporaries back to the driver
        hw::emptyCudaCache();
    return decoder;
}

} // namespace qs::model

#include "core/model/tensor_file_impl.h"

#include "core/base/error.h"

namespace qs::model {

void writeFloatTensors(const std::filesystem::path& path, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                       const std::map<std::string, std::string>& metadata)
{
    std::vector<torch::Tensor> keepAlive;
    std::vector<TensorToWrite> toWrite;
    keepAlive.reserve(tensors.size());
    for (const auto& [name, tensor] : tensors) {
        keepAlive.push_back(tensor.detach().to(torch::kCPU, torch::kFloat32).contiguous());
        const torch::Tensor& cpu = keepAlive.back();
        toWrite.push_back({name, DType::F32, cpu.sizes().vec(),
                           {reinterpret_cast<const std::byte*>(cpu.data_ptr()), size_t(cpu.nbytes())}});
    }
    writeSafetensors(path, toWrite, metadata);
}

torch::Tensor readFloatTensor(const SafetensorsFile& file, const TensorInfo& info)
{
    torch::ScalarType type;
    switch (info.dtype) {
    case DType::F32: type = torch::kFloat32; break;
    case DType::F16: type = torch::kFloat16; break;
    case DType::BF16: type = torch::kBFloat16; break;
    default:
        throw Error("Tensor '" + info.name + "' has dtype " + std::string(dtypeName(info.dtype)), file.name(),
                    "expected F32, F16 or BF16");
    }
    const auto bytes = file.bytes(info);
    return torch::from_blob(const_cast<std::byte*>(bytes.data()), info.shape, torch::TensorOptions().dtype(type))
        .to(torch::kFloat32, /*non_blocking=*/false, /*copy=*/true);
}

} // namespace qs::model

// Named tensors to and from a safetensors file: adapters, optimizer states.
// Torch types: only core includes this header.
#pragma once

#include "core/model/safetensors.h"

#include <torch/torch.h>

#include <utility>

namespace qs::model {

// Written as F32 (whatever their dtype or device), atomically.
void writeFloatTensors(const std::filesystem::path& path, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                       const std::map<std::string, std::string>& metadata = {});

// A copy in fp32 on the CPU; throws qs::Error naming the file for dtypes other than F32, F16, BF16.
torch::Tensor readFloatTensor(const SafetensorsFile& file, const TensorInfo& info);

} // namespace qs::model

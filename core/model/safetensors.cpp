#include "core/model/safetensors.h"

#include "core/base/atomic_file.h"
#include "core/base/error.h"
#include "core/base/read_file.h"

#include <algorithm>
#include <cstring>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <set>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace qs::model {
namespace {

// The reference implementation refuses headers over 100 MB; a real one is kilobytes.
constexpr uint64_t kMaxHeaderBytes = 100'000'000;

struct DTypeEntry {
    DType dtype;
    const char* name;
    size_t size;
};
constexpr DTypeEntry kDTypes[] = {
    {DType::F64, "F64", 8}, {DType::F32, "F32", 4}, {DType::F16, "F16", 2}, {DType::BF16, "BF16", 2},
    {DType::I64, "I64", 8}, {DType::I32, "I32", 4}, {DType::I16, "I16", 2}, {DType::I8, "I8", 1},
    {DType::U8, "U8", 1},   {DType::Bool, "BOOL", 1},
};

const DTypeEntry& entryOf(DType dtype)
{
    for (const DTypeEntry& entry : kDTypes)
        if (entry.dtype == dtype)
            return entry;
    return kDTypes[0];
}

uint64_t readLittleEndian64(const std::byte* bytes)
{
    uint64_t value = 0;
    for (int i = 7; i >= 0; --i)
        value = (value << 8) | uint64_t(bytes[i]);
    return value;
}

} // namespace

std::string_view dtypeName(DType dtype) { return entryOf(dtype).name; }
size_t dtypeSize(DType dtype) { return entryOf(dtype).size; }

int64_t TensorInfo::elements() const
{
    int64_t count = 1;
    for (const int64_t dimension : shape)
        count *= dimension;
    return count;
}

SafetensorsFile::SafetensorsFile(SafetensorsFile&& other) noexcept
{
    *this = std::move(other);
}

SafetensorsFile& SafetensorsFile::operator=(SafetensorsFile&& other) noexcept
{
    if (this != &other) {
        if (m_mapping)
            ::munmap(m_mapping, m_mappingSize);
        m_name = std::move(other.m_name);
        m_mapping = std::exchange(other.m_mapping, nullptr);
        m_mappingSize = std::exchange(other.m_mappingSize, 0);
        m_data = other.m_data;
        m_tensors = std::move(other.m_tensors);
        m_index = std::move(other.m_index);
        m_metadata = std::move(other.m_metadata);
    }
    return *this;
}

SafetensorsFile::~SafetensorsFile()
{
    if (m_mapping)
        ::munmap(m_mapping, m_mappingSize);
}

SafetensorsFile SafetensorsFile::open(const std::filesystem::path& path)
{
    SafetensorsFile file;
    file.m_name = path.string();
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw Error("Cannot open the checkpoint", path.string(), "check that the file exists and can be read");
    struct stat info {};
    if (::fstat(fd, &info) != 0 || info.st_size < 0) {
        ::close(fd);
        throw Error("Cannot read the size of the checkpoint", path.string());
    }
    const size_t size = size_t(info.st_size);
    if (size > 0) {
        void* mapping = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
        ::close(fd);
        if (mapping == MAP_FAILED)
            throw Error("Cannot map the checkpoint into memory", path.string());
        file.m_mapping = mapping;
        file.m_mappingSize = size;
    } else {
        ::close(fd);
    }
    file.parse({static_cast<const std::byte*>(file.m_mapping), size});
    return file;
}

SafetensorsFile SafetensorsFile::fromBytes(std::span<const std::byte> bytes, const std::string& name)
{
    SafetensorsFile file;
    file.m_name = name;
    file.parse(bytes);
    return file;
}

void SafetensorsFile::parse(std::span<const std::byte> file)
{
    const std::string hint = "the file is damaged or not safetensors; download or convert it again";
    if (file.size() < 8)
        throw Error("Truncated checkpoint: " + std::to_string(file.size()) + " bytes, less than the 8-byte header length",
                    m_name, hint);
    const uint64_t headerBytes = readLittleEndian64(file.data());
    if (headerBytes > kMaxHeaderBytes)
        throw Error("Header of " + std::to_string(headerBytes) + " bytes is larger than the 100 MB allowed", m_name,
                    hint);
    if (headerBytes > file.size() - 8)
        throw Error("Truncated checkpoint: the header says " + std::to_string(headerBytes) + " bytes, the file has "
                        + std::to_string(file.size() - 8),
                    m_name, hint);
    const std::string_view headerText(reinterpret_cast<const char*>(file.data() + 8), size_t(headerBytes));
    if (headerText.empty() || headerText.front() != '{')
        throw Error("The header is not a JSON object", m_name, hint);
    const nlohmann::json header = nlohmann::json::parse(headerText, nullptr, /*allow_exceptions=*/false);
    if (header.is_discarded() || !header.is_object())
        throw Error("The header is not valid JSON", m_name, hint);
    m_data = file.subspan(8 + size_t(headerBytes));

    for (const auto& [key, value] : header.items()) {
        const std::string where = m_name + ": " + key;
        if (key == "__metadata__") {
            if (!value.is_object())
                throw Error("__metadata__ is not an object", m_name, hint);
            for (const auto& [metaKey, metaValue] : value.items()) {
                if (!metaValue.is_string())
                    throw Error("__metadata__ value '" + metaKey + "' is not text", m_name, hint);
                m_metadata[metaKey] = metaValue.get<std::string>();
            }
            continue;
        }
        if (!value.is_object() || !value.contains("dtype") || !value.contains("shape") || !value.contains("data_offsets"))
            throw Error("Tensor entry needs dtype, shape and data_offsets", where, hint);
        TensorInfo tensor;
        tensor.name = key;
        const nlohmann::json& dtype = value["dtype"];
        const auto known = std::find_if(std::begin(kDTypes), std::end(kDTypes), [&](const DTypeEntry& entry) {
            return dtype.is_string() && dtype.get<std::string>() == entry.name;
        });
        if (known == std::end(kDTypes))
            throw Error("Unknown dtype " + dtype.dump(), where, "supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL");
        tensor.dtype = known->dtype;
        const nlohmann::json& shape = value["shape"];
        if (!shape.is_array())
            throw Error("shape is not a list", where, hint);
        uint64_t elements = 1;
        for (const nlohmann::json& dimension : shape) {
            if (!dimension.is_number_unsigned())
                throw Error("shape holds " + dimension.dump() + ", not a size", where, hint);
            const uint64_t size = dimension.get<uint64_t>();
            if (size > 0 && elements > (uint64_t(1) << 59) / size)
                throw Error("shape is too large", where, hint);
            elements *= size;
            tensor.shape.push_back(int64_t(size));
        }
        const nlohmann::json& offsets = value["data_offsets"];
        if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned()
            || !offsets[1].is_number_unsigned())
            throw Error("data_offsets is not [begin, end]", where, hint);
        const uint64_t begin = offsets[0].get<uint64_t>();
        const uint64_t end = offsets[1].get<uint64_t>();
        if (begin > end || end > m_data.size())
            throw Error("data_offsets [" + std::to_string(begin) + ", " + std::to_string(end)
                            + "] fall outside the " + std::to_string(m_data.size()) + " data bytes",
                        where, hint);
        if (end - begin != elements * known->size)
            throw Error("data_offsets hold " + std::to_string(end - begin) + " bytes; dtype and shape need "
                            + std::to_string(elements * known->size),
                        where, hint);
        tensor.begin = size_t(begin);
        tensor.end = size_t(end);
        m_tensors.push_back(std::move(tensor));
    }

    // Ranges must follow each other without gap or overlap and fill the data exactly.
    std::vector<const TensorInfo*> byOffset;
    for (const TensorInfo& tensor : m_tensors)
        byOffset.push_back(&tensor);
    std::sort(byOffset.begin(), byOffset.end(), [](const TensorInfo* a, const TensorInfo* b) {
        return a->begin != b->begin ? a->begin < b->begin : a->end < b->end;
    });
    size_t expected = 0;
    for (const TensorInfo* tensor : byOffset) {
        if (tensor->begin != expected)
            throw Error(std::string(tensor->begin < expected ? "Overlapping" : "Gap before") + " data of tensor "
                            + tensor->name,
                        m_name + ": " + tensor->name, hint);
        expected = tensor->end;
    }
    if (expected != m_data.size())
        throw Error(std::to_string(m_data.size() - expected) + " data bytes belong to no tensor", m_name, hint);

    std::sort(m_tensors.begin(), m_tensors.end(), [](const TensorInfo& a, const TensorInfo& b) { return a.name < b.name; });
    for (size_t i = 0; i < m_tensors.size(); ++i)
        m_index[m_tensors[i].name] = i;
}

const TensorInfo* SafetensorsFile::find(const std::string& tensor) const
{
    const auto it = m_index.find(tensor);
    return it == m_index.end() ? nullptr : &m_tensors[it->second];
}

const TensorInfo& SafetensorsFile::require(const std::string& tensor) const
{
    if (const TensorInfo* info = find(tensor))
        return *info;
    throw Error("Missing tensor " + tensor, m_name, "the checkpoint does not match the model's config.json");
}

std::span<const std::byte> SafetensorsFile::bytes(const TensorInfo& tensor) const
{
    return m_data.subspan(tensor.begin, tensor.end - tensor.begin);
}

void SafetensorsFile::releasePages(const TensorInfo& tensor) const
{
    if (!m_mapping)
        return;
    const auto pageSize = uintptr_t(::sysconf(_SC_PAGESIZE));
    const auto begin = reinterpret_cast<uintptr_t>(m_data.data() + tensor.begin);
    const auto end = reinterpret_cast<uintptr_t>(m_data.data() + tensor.end);
    const uintptr_t first = (begin + pageSize - 1) / pageSize * pageSize; // whole pages inside the tensor only
    const uintptr_t last = end / pageSize * pageSize;
    if (last > first)
        ::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
}

void writeSafetensors(const std::filesystem::path& path, const std::vector<TensorToWrite>& tensors,
                      const std::map<std::string, std::string>& metadata)
{
    std::vector<const TensorToWrite*> ordered;
    for (const TensorToWrite& tensor : tensors)
        ordered.push_back(&tensor);
    std::sort(ordered.begin(), ordered.end(), [](auto* a, auto* b) { return a->name < b->name; });

    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty())
        header["__metadata__"] = metadata;
    size_t offset = 0;
    for (const TensorToWrite* tensor : ordered) {
        int64_t elements = 1;
        for (const int64_t dimension : tensor->shape)
            elements *= dimension;
        if (tensor->bytes.size() != size_t(elements) * dtypeSize(tensor->dtype))
            throw Error("Tensor data does not match its dtype and shape", path.string() + ": " + tensor->name);
        header[tensor->name] = {{"dtype", dtypeName(tensor->dtype)},
                                {"shape", tensor->shape},
                                {"data_offsets", {offset, offset + tensor->bytes.size()}}};
        offset += tensor->bytes.size();
    }
    std::string headerText = header.dump();
    headerText.append((8 - headerText.size() % 8) % 8, ' '); // data starts 8-byte aligned
    std::string lengthBytes(8, '\0');
    for (int i = 0; i < 8; ++i)
        lengthBytes[size_t(i)] = char((uint64_t(headerText.size()) >> (8 * i)) & 0xFF);

    AtomicFileWriter writer(path);
    writer.write(lengthBytes);
    writer.write(headerText);
    for (const TensorToWrite* tensor : ordered)
        writer.write({reinterpret_cast<const char*>(tensor->bytes.data()), tensor->bytes.size()});
    writer.commit();
}

std::vector<std::filesystem::path> checkpointFiles(const std::filesystem::path& folder)
{
    const std::filesystem::path single = folder / "model.safetensors";
    const std::filesystem::path index = folder / "model.safetensors.index.json";
    if (std::filesystem::exists(index)) {
        const nlohmann::json json = nlohmann::json::parse(readWholeFile(index, "the checkpoint index"), nullptr, false);
        if (json.is_discarded() || !json.contains("weight_map") || !json["weight_map"].is_object())
            throw Error("The index has no weight_map", index.string(), "the file may be damaged");
        std::set<std::string> shards;
        for (const auto& [tensor, shard] : json["weight_map"].items()) {
            const std::string name = shard.is_string() ? shard.get<std::string>() : std::string();
            if (name.empty() || name.find('/') != std::string::npos || name.find("..") != std::string::npos)
                throw Error("Bad shard name for tensor " + tensor, index.string());
            shards.insert(name);
        }
        std::vector<std::filesystem::path> files;
        for (const std::string& shard : shards) {
            if (!std::filesystem::exists(folder / shard))
                throw Error("Missing shard " + shard, index.string(), "download the whole checkpoint");
            files.push_back(folder / shard);
        }
        return files;
    }
    if (std::filesystem::exists(single))
        return {single};
    for (const char* pickled : {"pytorch_model.bin", "pytorch_model.bin.index.json"})
        if (std::filesystem::exists(folder / pickled))
            throw Error("Pickled PyTorch checkpoints (.bin) are not read: loading them can run arbitrary code",
                        (folder / pickled).string(),
                        "convert once with Python: AutoModelForCausalLM.from_pretrained(DIR)."
                        "save_pretrained(DIR, safe_serialization=True)");
    throw Error("No model.safetensors or model.safetensors.index.json", folder.string(),
                "point to a Hugging Face model folder");
}

} // namespace qs::model

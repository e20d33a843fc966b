// The safetensors format, read and written here: an 8-byte little-endian header
// length, a JSON header naming each tensor's dtype, shape and byte range, then
// the raw data. Files are memory-mapped; every range, dtype and shape is checked
// against the header and the file size before anything is handed out, with the
// rules of the reference implementation (contiguous, non-overlapping ranges
// that cover the data exactly).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace qs::model {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool };
std::string_view dtypeName(DType dtype); // "F32", ...
size_t dtypeSize(DType dtype);

struct TensorInfo {
    std::string name;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;
    size_t begin = 0; // byte range in the data section
    size_t end = 0;
    int64_t elements() const;
};

class SafetensorsFile {
public:
    // Throws qs::Error naming the file (and the tensor) for anything malformed.
    static SafetensorsFile open(const std::filesystem::path& path);
    // The same checks on bytes in memory (for tests and fuzzing); the bytes must outlive the object.
    static SafetensorsFile fromBytes(std::span<const std::byte> bytes, const std::string& name);

    SafetensorsFile(SafetensorsFile&&) noexcept;
    SafetensorsFile& operator=(SafetensorsFile&&) noexcept;
    ~SafetensorsFile();

    const std::string& name() const { return m_name; }
    const std::vector<TensorInfo>& tensors() const { return m_tensors; }
    const std::map<std::string, std::string>& metadata() const { return m_metadata; }
    // nullptr when absent.
    const TensorInfo* find(const std::string& tensor) const;
    // Throws qs::Error naming the file when the tensor is absent.
    const TensorInfo& require(const std::string& tensor) const;
    std::span<const std::byte> bytes(const TensorInfo& tensor) const;
    // Tells the kernel a tensor's mapped pages are no longer needed, so that
    // reading a checkpoint tensor by tensor never keeps the whole file resident.
    void releasePages(const TensorInfo& tensor) const;

private:
    SafetensorsFile() = default;
    void parse(std::span<const std::byte> file);

    std::string m_name;
    void* m_mapping = nullptr;
    size_t m_mappingSize = 0;
    std::span<const std::byte> m_data;
    std::vector<TensorInfo> m_tensors;
    std::map<std::string, size_t> m_index;
    std::map<std::string, std::string> m_metadata;
};

struct TensorToWrite {
    std::string name;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;
    std::span<const std::byte> bytes; // elements × dtypeSize, little-endian
};

// Writes a safetensors file atomically; tensors are laid out in name order.
void writeSafetensors(const std::filesystem::path& path, const std::vector<TensorToWrite>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

// The files of a checkpoint folder: model.safetensors, or the shards listed by
// model.safetensors.index.json. Pickled .bin checkpoints are refused with how
// to convert them.
std::vector<std::filesystem::path> checkpointFiles(const std::filesystem::path& folder);

} // namespace qs::model

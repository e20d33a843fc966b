#include "core/data/dataset_export.h"

#include "core/base/atomic_file.h"
#include "core/base/error.h"
#include "core/data/record_json.h"

namespace qs::data {
namespace {

bool sameFile(const std::filesystem::path& a, const std::filesystem::path& b)
{
    std::error_code error;
    return !b.empty() && std::filesystem::exists(a, error) && std::filesystem::equivalent(a, b, error);
}

bool sameTexts(const QaExample& a, const QaExample& b)
{
    return a.system == b.system && a.instruction == b.instruction && a.input == b.input && a.output == b.output;
}

} // namespace

std::string exportRecord(const QaExample& example, const FieldMapping& mapping)
{
    Record original = Record::parse(example.original, nullptr, /*allow_exceptions=*/false);
    if (original.is_discarded())
        original = Record::object();
    QaExample asRead;
    if (!readRecordFields(original, mapping, asRead) && sameTexts(asRead, example))
        return example.original; // untouched: exactly the bytes that were read
    return writeRecordFields(std::move(original), mapping, example).dump();
}

void exportJsonl(const std::vector<QaExample>& examples, const FieldMapping& mapping,
                 const std::filesystem::path& path, const std::filesystem::path& sourcePath,
                 const ExportOptions& options)
{
    if (!options.overwriteSource && sameFile(path, sourcePath))
        throw Error("Refusing to write over the original dataset", path.string(),
                    "choose another file name, or allow overwriting the original explicitly");
    AtomicFileWriter writer(path);
    std::string buffer;
    for (const QaExample& example : examples) {
        buffer += exportRecord(example, mapping);
        buffer += '\n';
        if (buffer.size() > (1 << 20)) {
            writer.write(buffer);
            buffer.clear();
        }
    }
    writer.write(buffer);
    writer.commit();
}

} // namespace qs::data

// Atomic file writing: data goes to a temporary file beside the target, is
// flushed to disk (fsync), and is then renamed over the target. A crash or an
// error half-way leaves the old file exactly as it was. POSIX only.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace qs {

class AtomicFileWriter {
public:
    // Creates the temporary file next to `target`; throws qs::Error on failure.
    explicit AtomicFileWriter(std::filesystem::path target);
    // Without commit(), the temporary file is removed and the target untouched.
    ~AtomicFileWriter();

    AtomicFileWriter(const AtomicFileWriter&) = delete;
    AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

    void write(std::string_view bytes);
    // fsync, close, rename over the target, fsync the folder. Throws on failure,
    // in which case the temporary file is removed and the target is untouched.
    void commit();

    const std::filesystem::path& target() const { return m_target; }
    const std::filesystem::path& temporaryPath() const { return m_temporary; }

private:
    void discard() noexcept;
    [[noreturn]] void fail(const std::string& what, int errorNumber);

    std::filesystem::path m_target;
    std::filesystem::path m_temporary;
    int m_fd = -1;
    bool m_committed = false;
};

// Writes `bytes` to `target` atomically.
void writeFileAtomically(const std::filesystem::path& target, std::string_view bytes);

} // namespace qs

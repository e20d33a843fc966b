#include "core/base/atomic_file.h"

#include "core/base/error.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace qs {
namespace {

// The temporary name starts with a dot so that folder listings (runs, exports)
// do not show it, and ends with a random suffix from mkstemp.
std::filesystem::path temporaryTemplate(const std::filesystem::path& target)
{
    return target.parent_path() / ("." + target.filename().string() + ".tmp-XXXXXX");
}

void syncFolder(const std::filesystem::path& folder)
{
    const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return; // the rename has happened; a folder we cannot open cannot be synced
    ::fsync(fd);
    ::close(fd);
}

} // namespace

AtomicFileWriter::AtomicFileWriter(std::filesystem::path target)
    : m_target(std::move(target))
{
    if (m_target.filename().empty())
        throw Error("Cannot write a file without a name", m_target.string());
    std::string pattern = temporaryTemplate(m_target).string();
    m_fd = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (m_fd < 0) {
        const int error = errno;
        throw Error("Cannot create a temporary file to write " + m_target.filename().string() + ": "
                        + systemErrorText(error),
                    m_target.parent_path().string(), "check that the folder exists and is writable");
    }
    m_temporary = pattern;
    // mkstemp creates 0600; give the file the permissions a normal create would.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(m_fd, 0666 & ~mask);
}

AtomicFileWriter::~AtomicFileWriter()
{
    if (!m_committed)
        discard();
}

void AtomicFileWriter::write(std::string_view bytes)
{
    if (m_fd < 0)
        throw Error("Write after the file was closed", m_target.string());
    while (!bytes.empty()) {
        const ssize_t written = ::write(m_fd, bytes.data(), bytes.size());
        if (written < 0) {
            if (errno == EINTR)
                continue;
            fail("Cannot write", errno);
        }
        bytes.remove_prefix(size_t(written));
    }
}

void AtomicFileWriter::commit()
{
    if (m_fd < 0)
        throw Error("Commit after the file was closed", m_target.string());
    if (::fsync(m_fd) != 0)
        fail("Cannot flush to disk", errno);
    const int fd = m_fd;
    m_fd = -1;
    if (::close(fd) != 0)
        fail("Cannot close", errno);
    if (::rename(m_temporary.c_str(), m_target.c_str()) != 0)
        fail("Cannot replace", errno);
    m_committed = true;
    syncFolder(m_target.parent_path());
}

void AtomicFileWriter::discard() noexcept
{
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    if (!m_temporary.empty())
        ::unlink(m_temporary.c_str());
}

void AtomicFileWriter::fail(const std::string& what, int errorNumber)
{
    discard();
    throw Error(what + " " + m_target.filename().string() + ": " + systemErrorText(errorNumber),
                m_target.string(),
                errorNumber == ENOSPC || errorNumber == EFBIG || errorNumber == EDQUOT
                    ? "free some disk space; the previous file is unchanged"
                    : "the previous file is unchanged");
}

void writeFileAtomically(const std::filesystem::path& target, std::string_view bytes)
{
    AtomicFileWriter writer(target);
    writer.write(bytes);
    writer.commit();
}

} // namespace qs

#include "core/base/error.h"

#include <cstring>

namespace qs {
namespace {

std::string formatMessage(const std::string& what, const std::string& where, const std::string& hint)
{
    std::string message = what;
    if (!where.empty())
        message += " (at " + where + ")";
    if (!hint.empty())
        message += ". Hint: " + hint;
    return message;
}

} // namespace

Error::Error(std::string what, std::string where, std::string hint)
    : std::runtime_error(formatMessage(what, where, hint))
    , m_problem(std::move(what))
    , m_location(std::move(where))
    , m_hint(std::move(hint))
{
}

std::string fileLocation(const std::string& path, long line)
{
    return path + ":" + std::to_string(line);
}

std::string systemErrorText(int errorNumber)
{
    char buffer[256];
    // GNU strerror_r returns the message, possibly not in buffer.
    return ::strerror_r(errorNumber, buffer, sizeof buffer);
}

} // namespace qs

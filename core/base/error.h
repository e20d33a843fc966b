// qs::Error — the one exception type core throws. A message a user can act on:
// what went wrong, where (file, line, tensor name), and a hint.
#pragma once

#include <stdexcept>
#include <string>

namespace qs {

class Error : public std::runtime_error {
public:
    explicit Error(std::string what, std::string where = {}, std::string hint = {});

    const std::string& problem() const noexcept { return m_problem; }
    const std::string& location() const noexcept { return m_location; }
    const std::string& hint() const noexcept { return m_hint; }

private:
    std::string m_problem;
    std::string m_location;
    std::string m_hint;
};

// "path:line" — the usual form of a location inside a text file.
std::string fileLocation(const std::string& path, long line);

// The text of errno as a string, for messages about failed system calls.
std::string systemErrorText(int errorNumber);

} // namespace qs

// A small command-line parser for subcommands: positionals, `--name VALUE`
// options and `--flag` switches, with errors that name the bad argument.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

namespace qs::cli {

class Arguments {
public:
    // `valueOptions` take a value ("--threshold 0.8" or "--threshold=0.8"); `flags` do not.
    // Short aliases map to a long name ({"-o", "--output"}). Throws qs::Error on unknown options.
    Arguments(std::span<const std::string> args, const std::set<std::string>& valueOptions,
              const std::set<std::string>& flags, const std::map<std::string, std::string>& aliases = {});

    const std::vector<std::string>& positionals() const { return m_positionals; }
    bool has(const std::string& name) const;
    std::optional<std::string> value(const std::string& name) const;
    std::string valueOr(const std::string& name, const std::string& fallback) const;
    double number(const std::string& name, double fallback) const;
    long integer(const std::string& name, long fallback) const;

private:
    std::vector<std::string> m_positionals;
    std::map<std::string, std::string> m_values;
    std::set<std::string> m_flags;
};

} // namespace qs::cli

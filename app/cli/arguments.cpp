#include "app/cli/arguments.h"

#include "core/base/error.h"

namespace qs::cli {

Arguments::Arguments(std::span<const std::string> args, const std::set<std::string>& valueOptions,
                     const std::set<std::string>& flags, const std::map<std::string, std::string>& aliases)
{
    for (size_t i = 0; i < args.size(); ++i) {
        std::string arg = args[i];
        if (arg.size() < 2 || arg[0] != '-') {
            m_positionals.push_back(arg);
            continue;
        }
        std::optional<std::string> inlineValue;
        if (const size_t equals = arg.find('='); equals != std::string::npos && arg.rfind("--", 0) == 0) {
            inlineValue = arg.substr(equals + 1);
            arg.resize(equals);
        }
        if (const auto alias = aliases.find(arg); alias != aliases.end())
            arg = alias->second;
        if (flags.count(arg)) {
            if (inlineValue)
                throw Error("Option " + arg + " takes no value", args[i]);
            m_flags.insert(arg);
        } else if (valueOptions.count(arg)) {
            if (inlineValue) {
                m_values[arg] = *inlineValue;
            } else {
                if (i + 1 >= args.size())
                    throw Error("Option " + arg + " needs a value", arg);
                m_values[arg] = args[++i];
            }
        } else {
            throw Error("Unknown option " + arg, args[i], "run 'qlora --help' for the options of each command");
        }
    }
}

bool Arguments::has(const std::string& name) const
{
    return m_flags.count(name) > 0 || m_values.count(name) > 0;
}

std::optional<std::string> Arguments::value(const std::string& name) const
{
    const auto it = m_values.find(name);
    return it == m_values.end() ? std::nullopt : std::optional<std::string>(it->second);
}

std::string Arguments::valueOr(const std::string& name, const std::string& fallback) const
{
    return value(name).value_or(fallback);
}

double Arguments::number(const std::string& name, double fallback) const
{
    const auto text = value(name);
    if (!text)
        return fallback;
    try {
        size_t used = 0;
        const double result = std::stod(*text, &used);
        if (used == text->size())
            return result;
    } catch (const std::exception&) {
    }
    throw Error("Option " + name + " needs a number, not '" + *text + "'", name);
}

long Arguments::integer(const std::string& name, long fallback) const
{
    const auto text = value(name);
    if (!text)
        return fallback;
    try {
        size_t used = 0;
        const long result = std::stol(*text, &used);
        if (used == text->size())
            return result;
    } catch (const std::exception&) {
    }
    throw Error("Option " + name + " needs a whole number, not '" + *text + "'", name);
}

} // namespace qs::cli

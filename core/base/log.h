// The engine's log: one process-wide sink that the CLI points at stderr and the
// GUI at its log panel. Thread-safe; messages below the threshold are dropped
// before they are formatted by the sink.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace qs {

enum class LogLevel { Debug = 0, Info = 1, Warning = 2, Error = 3 };

using LogSink = std::function<void(LogLevel level, std::string_view message)>;

// Installs a sink and returns the previous one. An empty sink discards everything.
LogSink setLogSink(LogSink sink);
// Messages below this level are dropped. Default: Info.
void setLogThreshold(LogLevel threshold);
LogLevel logThreshold();

void logMessage(LogLevel level, std::string_view message);
inline void logDebug(std::string_view message) { logMessage(LogLevel::Debug, message); }
inline void logInfo(std::string_view message) { logMessage(LogLevel::Info, message); }
inline void logWarning(std::string_view message) { logMessage(LogLevel::Warning, message); }
inline void logError(std::string_view message) { logMessage(LogLevel::Error, message); }

std::string_view logLevelName(LogLevel level);
// A sink that writes "[level] message" lines to standard error.
LogSink stderrLogSink();

} // namespace qs

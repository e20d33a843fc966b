#include "core/base/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

namespace qs {
namespace {

std::mutex& sinkMutex()
{
    static std::mutex mutex;
    return mutex;
}

LogSink& currentSink()
{
    static LogSink sink = stderrLogSink();
    return sink;
}

std::atomic<LogLevel> g_threshold{LogLevel::Info};

} // namespace

LogSink setLogSink(LogSink sink)
{
    std::lock_guard lock(sinkMutex());
    std::swap(currentSink(), sink);
    return sink;
}

void setLogThreshold(LogLevel threshold) { g_threshold.store(threshold); }

LogLevel logThreshold() { return g_threshold.load(); }

void logMessage(LogLevel level, std::string_view message)
{
    if (level < g_threshold.load())
        return;
    // The sink is called under the lock so that lines from several threads
    // never interleave and a sink being replaced is never called afterwards.
    std::lock_guard lock(sinkMutex());
    if (currentSink())
        currentSink()(level, message);
}

std::string_view logLevelName(LogLevel level)
{
    switch (level) {
    case LogLevel::Debug: return "debug";
    case LogLevel::Info: return "info";
    case LogLevel::Warning: return "warning";
    case LogLevel::Error: return "error";
    }
    return "unknown";
}

LogSink stderrLogSink()
{
    return [](LogLevel level, std::string_view message) {
        std::fprintf(stderr, "[%.*s] %.*s\n", int(logLevelName(level).size()), logLevelName(level).data(),
                     int(message.size()), message.data());
    };
}

} // namespace qs

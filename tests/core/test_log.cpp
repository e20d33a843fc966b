// The log sink: threshold filtering, replacing the sink, and whole lines when
// several threads log at once.
#include "core/base/log.h"

#include <QTest>

#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace {

struct Captured {
    std::mutex mutex;
    std::vector<std::pair<qs::LogLevel, std::string>> lines;

    qs::LogSink sink()
    {
        return [this](qs::LogLevel level, std::string_view message) {
            std::lock_guard lock(mutex);
            lines.emplace_back(level, std::string(message));
        };
    }
};

} // namespace

class TestLog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { qs::setLogThreshold(qs::LogLevel::Info); }
    void cleanup() { qs::setLogSink(qs::stderrLogSink()); }

    void thresholdDropsLowerLevels()
    {
        Captured captured;
        qs::setLogSink(captured.sink());
        qs::setLogThreshold(qs::LogLevel::Warning);
        qs::logDebug("d");
        qs::logInfo("i");
        qs::logWarning("w");
        qs::logError("e");
        QCOMPARE(captured.lines.size(), size_t(2));
        QCOMPARE(captured.lines[0].first, qs::LogLevel::Warning);
        QCOMPARE(captured.lines[0].second, std::string("w"));
        QCOMPARE(captured.lines[1].first, qs::LogLevel::Error);
        QCOMPARE(qs::logThreshold(), qs::LogLevel::Warning);
    }

    void setSinkReturnsPrevious()
    {
        Captured first;
        Captured second;
        qs::setLogSink(first.sink());
        qs::LogSink previous = qs::setLogSink(second.sink());
        qs::logInfo("to second");
        previous(qs::LogLevel::Info, "to first");
        QCOMPARE(first.lines.size(), size_t(1));
        QCOMPARE(first.lines[0].second, std::string("to first"));
        QCOMPARE(second.lines.size(), size_t(1));
        QCOMPARE(second.lines[0].second, std::string("to second"));
    }

    void emptySinkDiscards()
    {
        qs::setLogSink({});
        qs::logError("nobody hears this"); // must not crash
        Captured captured;
        const qs::LogSink previous = qs::setLogSink(captured.sink());
        QVERIFY(!previous); // the empty sink was in place
        QVERIFY(captured.lines.empty()); // and the message went nowhere
    }

    void concurrentMessagesArriveWhole()
    {
        Captured captured;
        qs::setLogSink(captured.sink());
        constexpr int kThreads = 4;
        constexpr int kPerThread = 2000;
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([t] {
                for (int i = 0; i < kPerThread; ++i)
                    qs::logInfo("스레드 " + std::to_string(t) + " 메시지 " + std::to_string(i));
            });
        for (auto& thread : threads)
            thread.join();
        QCOMPARE(captured.lines.size(), size_t(kThreads * kPerThread));
        std::set<std::string> unique;
        for (const auto& line : captured.lines)
            unique.insert(line.second);
        QCOMPARE(unique.size(), size_t(kThreads * kPerThread));
        QVERIFY(unique.count("스레드 3 메시지 1999") == 1);
    }

    void levelNames()
    {
        QCOMPARE(qs::logLevelName(qs::LogLevel::Debug), std::string_view("debug"));
        QCOMPARE(qs::logLevelName(qs::LogLevel::Error), std::string_view("error"));
    }
};

QTEST_APPLESS_MAIN(TestLog)
#include "test_log.moc"

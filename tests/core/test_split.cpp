// Seeded train/eval split and length statistics.
#include "core/data/split.h"

#include <QTest>

#include <algorithm>
#include <set>

using namespace qs::data;

class TestSplit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void splitIsAPartition()
    {
        const Split split = splitDataset(1000, 0.1, 42);
        QCOMPARE(split.eval.size(), size_t(100));
        QCOMPARE(split.train.size(), size_t(900));
        std::set<size_t> all(split.train.begin(), split.train.end());
        all.insert(split.eval.begin(), split.eval.end());
        QCOMPARE(all.size(), size_t(1000));
        QCOMPARE(*all.rbegin(), size_t(999));
        QVERIFY(std::is_sorted(split.eval.begin(), split.eval.end()));
    }

    void sameSeedSameSplit()
    {
        QCOMPARE(splitDataset(500, 0.2, 7).eval, splitDataset(500, 0.2, 7).eval);
        QVERIFY(splitDataset(500, 0.2, 7).eval != splitDataset(500, 0.2, 8).eval);
    }

    void fixedOnEveryPlatform()
    {
        // splitmix64 + Fisher–Yates are fully specified, so the split must not
        // depend on the standard library. Expected value from an independent
        // Python implementation of the same two algorithms (seed 42, 10 examples).
        QCOMPARE(splitDataset(10, 0.3, 42).eval, (std::vector<size_t>{0, 5, 9}));
    }

    void tinyDatasetsStillGetAnEvalExample()
    {
        QCOMPARE(splitDataset(3, 0.05, 1).eval.size(), size_t(1));
        QCOMPARE(splitDataset(1, 0.05, 1).eval.size(), size_t(0));
        QCOMPARE(splitDataset(10, 0.0, 1).eval.size(), size_t(0));
    }

    void percentiles()
    {
        std::vector<size_t> lengths(100);
        for (size_t i = 0; i < 100; ++i)
            lengths[i] = 100 - i; // 1..100 in reverse
        const LengthStatistics stats = lengthStatistics(lengths);
        QCOMPARE(stats.min, size_t(1));
        QCOMPARE(stats.p50, size_t(50));
        QCOMPARE(stats.p90, size_t(90));
        QCOMPARE(stats.p99, size_t(99));
        QCOMPARE(stats.max, size_t(100));
        QCOMPARE(stats.mean, 50.5);
    }

    void statisticsCountCharactersNotBytes()
    {
        QaExample example;
        example.instruction = "한글";
        example.output = "abc";
        const DatasetStatistics stats = computeStatistics({example});
        QCOMPARE(stats.question.max, size_t(2));
        QCOMPARE(stats.answer.max, size_t(3));
    }
};

QTEST_APPLESS_MAIN(TestSplit)
#include "test_split.moc"

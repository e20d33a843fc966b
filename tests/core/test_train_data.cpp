// Training data and schedule: the Korean demo set rendered and tokenized for
// supervised fine-tuning (answer-only loss ending in EOS, cut at max_seq_len,
// counts reported), length-grouped batches (each example once per epoch, fixed
// by seed and epoch, less padding than random batches), and the learning-rate
// schedules as transformers defines them.
#include "core/base/error.h"
#include "core/data/dataset.h"
#include "core/text/tokenizer.h"
#include "core/train/lr_schedule.h"
#include "core/train/sft_data.h"

#include <QTest>
#include <numeric>
#include <set>

using namespace qs::train;

namespace {

const qs::text::Tokenizer& fixtureTokenizer()
{
    static const auto tokenizer = qs::text::Tokenizer::fromFolder(std::string(QS_MODEL_FIXTURES) + "/llama3");
    return tokenizer;
}

const std::vector<qs::data::QaExample>& demoExamples()
{
    static const auto examples = qs::data::importDataset(QS_DEMO_DATASET).examples;
    return examples;
}

std::vector<size_t> allIndices()
{
    std::vector<size_t> indices(demoExamples().size());
    std::iota(indices.begin(), indices.end(), size_t(0));
    return indices;
}

} // namespace

class TestTrainData : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void answersCarryTheLossAndEndInEos()
    {
        const TrainingSet set = tokenizeForTraining(demoExamples(), allIndices(), fixtureTokenizer(), {});
        QCOMPARE(set.examples.size() + set.withoutAnswer, demoExamples().size());
        QCOMPARE(set.truncated, size_t(0));
        const int32_t eos = *fixtureTokenizer().specialIds().eos;
        int64_t trained = 0;
        for (const TokenizedExample& example : set.examples) {
            QCOMPARE(example.ids.size(), example.trained.size());
            QCOMPARE(example.ids.back(), eos);
            QCOMPARE(int(example.trained.back()), 1);
            QCOMPARE(int(example.trained.front()), 0); // the prompt starts untrained
            // The mask is one run: prompt untrained, then the answer trained.
            const auto firstTrained = std::find(example.trained.begin(), example.trained.end(), 1);
            QVERIFY(std::all_of(firstTrained, example.trained.end(), [](uint8_t t) { return t == 1; }));
            trained += std::accumulate(example.trained.begin() + 1, example.trained.end(), int64_t(0));
        }
        QCOMPARE(set.trainedTokens, trained);

        SftOptions everything;
        everything.trainOnPrompt = true;
        QVERIFY(tokenizeForTraining(demoExamples(), allIndices(), fixtureTokenizer(), everything).trainedTokens > trained);
    }

    void longExamplesAreCutAndCounted()
    {
        SftOptions options;
        options.maxSeqLen = 48;
        const TrainingSet set = tokenizeForTraining(demoExamples(), allIndices(), fixtureTokenizer(), options);
        QVERIFY(set.truncated > 0);
        QVERIFY(set.withoutAnswer > 0); // prompts longer than 48 tokens leave nothing to learn
        QCOMPARE(set.examples.size() + set.withoutAnswer, demoExamples().size());
        for (const TokenizedExample& example : set.examples)
            QVERIFY(example.ids.size() <= 48);
        options.maxSeqLen = 1;
        QVERIFY_THROWS_EXCEPTION(qs::Error, tokenizeForTraining(demoExamples(), allIndices(), fixtureTokenizer(), options));
    }

    void batchesCoverEveryExampleOnceWithLittlePadding()
    {
        const TrainingSet set = tokenizeForTraining(demoExamples(), allIndices(), fixtureTokenizer(), {});
        std::vector<size_t> lengths;
        for (const TokenizedExample& example : set.examples)
            lengths.push_back(example.ids.size());
        const auto batches = lengthGroupedBatches(lengths, 4, /*seed=*/42, /*epoch=*/0);
        std::multiset<size_t> seen;
        for (const auto& batch : batches) {
            QVERIFY(!batch.empty() && batch.size() <= 4);
            seen.insert(batch.begin(), batch.end());
        }
        QCOMPARE(seen.size(), lengths.size());
        QCOMPARE(std::set<size_t>(seen.begin(), seen.end()).size(), lengths.size());
        QCOMPARE(lengths[batches.front().front()], *std::max_element(lengths.begin(), lengths.end()));

        QCOMPARE(lengthGroupedBatches(lengths, 4, 42, 0), batches); // fixed by seed and epoch
        QVERIFY(lengthGroupedBatches(lengths, 4, 42, 1) != batches);

        // Random batches of 4 for comparison: consecutive runs of a shuffled order.
        std::vector<std::vector<size_t>> random;
        for (size_t i = 0; i < lengths.size(); i += 4)
            random.emplace_back();
        for (size_t i = 0; i < lengths.size(); ++i)
            random[i / 4].push_back((i * 7919) % lengths.size());
        qInfo("padding tokens: grouped %zu, random %zu", paddedPositions(batches, lengths), paddedPositions(random, lengths));
        QVERIFY(paddedPositions(batches, lengths) * 4 < paddedPositions(random, lengths));
    }

    void paddedPositionsCountEachMemberUpToItsBatchsLongest()
    {
        const std::vector<size_t> lengths = {5, 3, 4, 7};
        QCOMPARE(paddedPositions({{0, 1}, {2}, {3}}, lengths), size_t(2));
        QCOMPARE(paddedPositions({{0, 1, 2, 3}}, lengths), size_t(2 + 4 + 3));
        QCOMPARE(paddedPositions({}, lengths), size_t(0));
    }

    void schedules_data()
    {
        // Values from the definitions in transformers' optimization.py, with
        // warmup 10 of 110 steps and peak 1: warmup step/10, then linear
        // 1 - p or cosine (1 + cos πp)/2, p = (step - 10) / 100.
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("step");
        QTest::addColumn<double>("rate");
        QTest::newRow("warmup start") << "linear" << 0 << 0.0;
        QTest::newRow("warmup half") << "cosine" << 5 << 0.5;
        QTest::newRow("linear peak") << "linear" << 10 << 1.0;
        QTest::newRow("linear half") << "linear" << 60 << 0.5;
        QTest::newRow("linear end") << "linear" << 110 << 0.0;
        QTest::newRow("linear past end") << "linear" << 130 << 0.0;
        QTest::newRow("cosine quarter") << "cosine" << 35 << 0.5 * (1 + std::cos(M_PI * 0.25));
        QTest::newRow("cosine half") << "cosine" << 60 << 0.5;
        QTest::newRow("cosine end") << "cosine" << 110 << 0.0;
        QTest::newRow("constant") << "constant" << 80 << 1.0;
    }

    void schedules()
    {
        QFETCH(QString, kind);
        QFETCH(int, step);
        QFETCH(double, rate);
        const LrSchedule schedule{*parseSchedule(kind.toStdString()), /*peak=*/1.0, /*warmupSteps=*/10, /*totalSteps=*/110};
        QVERIFY2(std::abs(schedule.at(step) - rate) < 1e-12, qPrintable(QString::number(schedule.at(step))));
    }
};

QTEST_APPLESS_MAIN(TestTrainData)
#include "test_train_data.moc"

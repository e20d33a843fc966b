// The memory estimate against the CUDA allocator's peaks measured on the H200
// (Llama-3-8B shape, 12 configurations), and the recommendation over a table
// of cards that includes the seed guide's thresholds.
#include "core/base/read_file.h"
#include "core/hw/cuda_runtime.h"
#include "core/plan/plan_check.h"
#include "core/plan/recommendation.h"
#include "tests/support/run_cli.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <map>
#include <nlohmann/json.hpp>

using namespace qs::plan;
using qs::model::Precision;
using qs::train::GradCheckpointing;

namespace {

// Allocator peaks of `qlora bench train` on the H200 (tests/gpu/run.sh memval).
const nlohmann::json& measured(const std::string& shape)
{
    static std::map<std::string, nlohmann::json> documents;
    nlohmann::json& doc = documents[shape];
    if (doc.is_null())
        doc = nlohmann::json::parse(
            qs::readWholeFile(std::string(QS_MEMORY_DATA) + "/h200_" + shape + ".json", "measurements"));
    return doc;
}

const nlohmann::json& measured()
{
    return measured("llama31_8b");
}

qs::model::ModelConfig llama3_8b()
{
    return qs::model::ModelConfig::fromJson(measured()["config"].dump());
}

constexpr double kGib = double(int64_t(1) << 30);

// QA pairs from documents: a few hundred tokens each in the template.
std::vector<int64_t> qaLengths()
{
    std::vector<int64_t> lengths;
    for (int i = 0; i < 300; ++i)
        lengths.push_back(80 + (i * 37) % 300); // 80 … 379 tokens
    return lengths;
}

} // namespace

class TestMemoryPlan : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void estimateMatchesTheH200_data()
    {
        QTest::addColumn<QString>("shape");
        QTest::addColumn<QString>("precision");
        QTest::addColumn<QString>("checkpointing");
        QTest::addColumn<int>("batch");
        QTest::addColumn<int>("seqLen");
        QTest::addColumn<double>("peakGib");
        for (const std::string shape : {"llama31_8b", "llama32_1b"})
            for (const auto& m : measured(shape)["measurements"]) {
                const std::string row = shape + " " + m["precision"].get<std::string>() + " ckpt "
                                        + m["checkpointing"].get<std::string>() + " b"
                                        + std::to_string(m["batch"].get<int>()) + " s"
                                        + std::to_string(m["seq_len"].get<int>());
                QTest::newRow(row.c_str()) << QString::fromStdString(shape) << QString::fromStdString(m["precision"])
                                           << QString::fromStdString(m["checkpointing"]) << m["batch"].get<int>()
                                           << m["seq_len"].get<int>() << m["peak_allocated_gib"].get<double>();
            }
    }

    void estimateMatchesTheH200()
    {
        QFETCH(QString, shape);
        QFETCH(QString, precision);
        QFETCH(QString, checkpointing);
        QFETCH(int, batch);
        QFETCH(int, seqLen);
        QFETCH(double, peakGib);
        TrainingShape training;
        training.precision = *qs::model::parsePrecision(precision.toStdString());
        training.checkpointing = *qs::train::parseCheckpointing(checkpointing.toStdString());
        training.batchSize = batch;
        training.seqLen = seqLen;
        training.loraRank = 16;
        const auto config = qs::model::ModelConfig::fromJson(measured(shape.toStdString())["config"].dump());
        const double estimate = double(estimateTrainingMemory(config, training).peakAllocated()) / kGib;
        // The bound. The activation factor (memory_estimate.cpp) was fitted on
        // the 8B grid at 2048 under the previous, unchunked loss; the 1B shape and
        // the other lengths were never fitted.
        qInfo("estimate %.2f GiB, measured %.2f GiB, ratio %.3f", estimate, peakGib, estimate / peakGib);
        QVERIFY2(std::abs(estimate - peakGib) <= 0.15 * peakGib,
                 qPrintable(QString("estimate %1 GiB, measured %2 GiB").arg(estimate).arg(peakGib)));
    }

    void componentsAddUp()
    {
        const MemoryEstimate e = estimateTrainingMemory(llama3_8b(), {Precision::Nf4, 1, 2048, GradCheckpointing::On, 16, 7});
        QCOMPARE(e.peakAllocated(), e.weights + e.loraStates + e.activations + e.logits);
        QVERIFY(e.total() > e.peakAllocated());
        QCOMPARE(loraParameterCount(llama3_8b(), 16), int64_t(41943040)); // PEFT reports 41,943,040 for r=16, all linear
        QCOMPARE(e.loraStates, int64_t(41943040) * 16);
        // Each mode keeps less on the GPU than the one before: off, on, lean, offload.
        const auto at = [&](GradCheckpointing mode) {
            return estimateTrainingMemory(llama3_8b(), {Precision::Nf4, 4, 2048, mode, 16, 7}).activations;
        };
        QVERIFY(at(GradCheckpointing::Offload) < at(GradCheckpointing::Lean));
        QVERIFY(at(GradCheckpointing::Lean) < at(GradCheckpointing::On));
        QVERIFY(at(GradCheckpointing::On) < at(GradCheckpointing::Off));
    }

    void recommendationAcrossCards_data()
    {
        QTest::addColumn<double>("cardGib");
        QTest::addColumn<int>("computeMajor");
        QTest::addColumn<QString>("precision");
        // The seed guide: 4-bit for 8–12 GB, 8-bit for 16–24 GB, 16-bit from 32 GB. Computed
        // for an 8B model on ~400-token QA data, 24 GB already holds the 16-bit weights
        // (15 GiB + 3 GiB for LoRA, activations, logits and the allocator), and 8 GB does not
        // hold this engine's nf4 step (8.9 GiB with the dequantization workspace; see
        // nothingFitsOnEightGigabytesYet): the two places we differ.
        QTest::newRow("12 GB") << 12.0 << 8 << "nf4";
        QTest::newRow("16 GB") << 16.0 << 8 << "int8";
        QTest::newRow("24 GB") << 24.0 << 8 << "bf16";
        QTest::newRow("32 GB Volta (no bf16)") << 32.0 << 7 << "fp16";
        QTest::newRow("48 GB") << 48.0 << 8 << "bf16";
        QTest::newRow("80 GB") << 80.0 << 9 << "bf16";
    }

    void recommendationAcrossCards()
    {
        QFETCH(double, cardGib);
        QFETCH(int, computeMajor);
        QFETCH(QString, precision);
        const Recommendation plan = recommend(llama3_8b(), {int64_t(cardGib * kGib), computeMajor, {}}, qaLengths());
        QVERIFY(plan.fits);
        QCOMPARE(QString::fromLatin1(qs::model::precisionName(plan.precision).data()), precision);
        QVERIFY(double(plan.estimate.total()) <= kUsableShare * cardGib * kGib);
        QVERIFY(plan.batchSize >= 1 && plan.batchSize <= 8);
        const int64_t effective = plan.batchSize * plan.gradAccum;
        QVERIFY(effective >= 8 && effective <= 16);
        QCOMPARE(plan.maxSeqLen, int64_t(384)); // p99 of 80…379, rounded up to 64
        QCOMPARE(plan.reasons.size(), size_t(5));
    }

    void bigCardsDropCheckpointingSmallOnesKeepIt()
    {
        const Recommendation small = recommend(llama3_8b(), {int64_t(12 * kGib), 8, {}}, qaLengths());
        const Recommendation big = recommend(llama3_8b(), {int64_t(80 * kGib), 9, {}}, qaLengths());
        QCOMPARE(big.checkpointing, GradCheckpointing::Off);
        QVERIFY(big.batchSize == 8);
        QVERIFY(small.batchSize <= big.batchSize);
    }

    void leanWhereOnDoesNotFit()
    {
        // 8B at 2048 tokens on 12 GB: nf4 at batch 2 fits only with whole layers recomputed
        // (lean); on 24 GB with the short QA examples the faster `on` fits beside batch 8.
        FixedSettings fullLength;
        fullLength.maxSeqLen = 2048;
        const Recommendation tight = recommend(llama3_8b(), {int64_t(12 * kGib), 8, {}}, qaLengths(), 16, fullLength);
        QVERIFY(tight.fits);
        QCOMPARE(tight.precision, Precision::Nf4);
        QCOMPARE(tight.batchSize, int64_t(2));
        QCOMPARE(tight.checkpointing, GradCheckpointing::Lean);
        QVERIFY(tight.reasons.back().find("Checkpointing lean") != std::string::npos);
        const Recommendation roomy = recommend(llama3_8b(), {int64_t(24 * kGib), 8, {}}, qaLengths());
        QVERIFY(roomy.fits);
        QCOMPARE(roomy.checkpointing, GradCheckpointing::On);
    }

    void nothingFitsOnEightGigabytesYet()
    {
        // Today's nf4 path keeps embeddings and lm_head in 16 bits (2 GiB) and leaves
        // ~1.3 GiB of dequantization blocks cached; issue 9's fused kernel targets this.
        const Recommendation plan = recommend(llama3_8b(), {int64_t(8 * kGib), 8, {}}, qaLengths());
        QVERIFY(!plan.fits);
        QVERIFY(double(plan.estimate.total()) / kGib > 8.0);
        QVERIFY(double(plan.estimate.total()) / kGib < 9.5);
    }

    void fixedSettingsAreKeptAndTheRestFitsAroundThem()
    {
        FixedSettings bf16;
        bf16.precision = Precision::Bf16;
        const Recommendation wide = recommend(llama3_8b(), {int64_t(48 * kGib), 8, {}}, qaLengths(), 16, bf16);
        QCOMPARE(wide.precision, Precision::Bf16);
        QVERIFY(wide.fits && wide.batchSize > 1);
        QVERIFY(wide.reasons.front().find("as given") != std::string::npos);

        // 16-bit weights alone fill a 16 GB card: the plan keeps bf16 and says it does not fit.
        const Recommendation narrow = recommend(llama3_8b(), {int64_t(16 * kGib), 8, {}}, qaLengths(), 16, bf16);
        QCOMPARE(narrow.precision, Precision::Bf16);
        QVERIFY(!narrow.fits);

        // A fixed batch makes the precision search start from that batch.
        FixedSettings batch8;
        batch8.batchSize = 8;
        batch8.maxSeqLen = 2048; // 8 × 2048 tokens need 4-bit weights on 16 GB; 8 × 1024 fit in int8
        const Recommendation big = recommend(llama3_8b(), {int64_t(16 * kGib), 8, {}}, qaLengths(), 16, batch8);
        const Recommendation free = recommend(llama3_8b(), {int64_t(16 * kGib), 8, {}}, qaLengths());
        QCOMPARE(big.batchSize, int64_t(8));
        QCOMPARE(big.maxSeqLen, int64_t(2048));
        QVERIFY(big.fits);
        QVERIFY(qs::model::weightBytes(llama3_8b(), big.precision) < qs::model::weightBytes(llama3_8b(), free.precision));
    }

    void recommendFromTheCommandLine()
    {
        QTemporaryDir dir; // a folder with config.json only, as before a download
        QFile config(dir.filePath("config.json"));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(QByteArray::fromStdString(measured()["config"].dump()));
        config.close();
        const auto result = qs::test::runCli({"recommend", "--model", dir.path(), "--vram-gib", "24", "--json"});
        QCOMPARE(result.exitCode, 0);
        const QJsonObject plan = QJsonDocument::fromJson(result.out.toUtf8()).object();
        QCOMPARE(plan["precision"].toString(), QStringLiteral("bf16"));
        for (const char* key : {"batch_size", "grad_accum", "max_seq_len", "grad_checkpointing", "estimated_gib"})
            QVERIFY2(plan.contains(QLatin1String(key)), key);
        QVERIFY(plan["estimated_gib"].toDouble() < 24);
        QCOMPARE(plan["reasons"].toArray().size(), 5);

        if (!qs::hw::cudaDeviceInfo()) { // without a GPU the card's memory must be given
            const auto noGpu = qs::test::runCli({"recommend", "--model", dir.path()});
            QVERIFY(noGpu.exitCode != 0);
            QVERIFY(noGpu.err.contains(QStringLiteral("--vram-gib")));
        }
    }

    void verifyBacksOffBatchThenPrecision()
    {
        Recommendation plan = recommend(llama3_8b(), {int64_t(48 * kGib), 8, {}}, qaLengths());
        QCOMPARE(plan.precision, Precision::Bf16);
        plan.batchSize = 8;
        plan.gradAccum = 2;
        // A card where only nf4 at batch 2 or less fits.
        std::vector<std::pair<Precision, int64_t>> tried;
        const CheckedPlan checked = verifyRecommendation(plan, [&](const Recommendation& p) {
            tried.emplace_back(p.precision, p.batchSize);
            if (p.precision != Precision::Nf4 || p.batchSize > 2)
                throw std::runtime_error("CUDA out of memory. Tried to allocate 2.00 GiB");
            return 7.5;
        });
        QVERIFY(checked.verified && checked.plan.fits);
        QCOMPARE(checked.plan.precision, Precision::Nf4);
        QCOMPARE(checked.plan.batchSize, int64_t(1)); // the batch went down to 1 before the precision changed
        QCOMPARE(checked.plan.batchSize * checked.plan.gradAccum, int64_t(16));
        QCOMPARE(checked.measuredPeakGib, 7.5);
        const std::vector<std::pair<Precision, int64_t>> expected = {
            {Precision::Bf16, 8}, {Precision::Bf16, 4}, {Precision::Bf16, 2}, {Precision::Bf16, 1},
            {Precision::Int8, 1}, {Precision::Nf4, 1}};
        QCOMPARE(tried, expected);
        QCOMPARE(checked.attempts.size(), size_t(6));
        // The reasons describe the plan that ran, not the first one.
        QVERIFY(checked.plan.reasons[0].find("int8 at batch 1 ran out of memory") != std::string::npos);
        QVERIFY(checked.plan.reasons[1].find("Batch 1") != std::string::npos);

        // Checkpointing on that runs out of memory tries lean first, at the same batch and precision.
        Recommendation on = plan;
        on.checkpointing = GradCheckpointing::On;
        std::vector<GradCheckpointing> modes;
        const CheckedPlan leaner = verifyRecommendation(on, [&](const Recommendation& p) {
            modes.push_back(p.checkpointing);
            if (p.checkpointing == GradCheckpointing::On)
                throw std::runtime_error("CUDA out of memory. Tried to allocate 1.00 GiB");
            return 20.0;
        });
        QCOMPARE(modes, (std::vector<GradCheckpointing>{GradCheckpointing::On, GradCheckpointing::Lean}));
        QCOMPARE(leaner.plan.batchSize, on.batchSize);
        QCOMPARE(leaner.plan.precision, on.precision);
        QVERIFY(leaner.plan.reasons[4].find("lean") != std::string::npos);

        // Nothing fits at all: the plan says so; other errors are not swallowed.
        const CheckedPlan none = verifyRecommendation(plan, [](const Recommendation&) -> double {
            throw std::runtime_error("CUDA out of memory");
        });
        QVERIFY(!none.verified && !none.plan.fits);
        QCOMPARE(none.plan.checkpointing, GradCheckpointing::Offload);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, verifyRecommendation(plan, [](const Recommendation&) -> double {
            throw std::runtime_error("config.json is missing");
        }));
    }

    void verifyRunsARealStepOnTheCpu()
    {
        Recommendation plan;
        plan.precision = Precision::Fp32;
        plan.batchSize = 2;
        plan.maxSeqLen = 32;
        const CheckedPlan checked =
            verifyRecommendation(plan, trainingStepRunner(std::string(QS_MODEL_FIXTURES) + "/llama3", "cpu"));
        QVERIFY(checked.verified);
        QCOMPARE(checked.attempts.size(), size_t(1));
    }

    void benchTrainRowMatchesItsHeader()
    {
        // The GPU script's tables and compare_train_tables.py read rows by the header's column names.
        const auto result = qs::test::runCli({"bench", "train", "--model", QS_MODEL_FIXTURES "/llama3",
                                              "--device", "cpu", "--seq-len", "16", "--steps", "1", "--warmup", "0",
                                              "--header"});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        const QStringList lines = result.out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        const QStringList header = lines[0].split('|');
        const QStringList row = lines[2].split('|');
        QCOMPARE(row.size(), header.size());
        QCOMPARE(lines[1].count('|'), lines[0].count('|'));
        const int busy = int(header.indexOf(" GPU busy % "));
        QVERIFY(busy > 0);
        QCOMPARE(row[busy].trimmed(), QStringLiteral("–")); // no GPU activity is sampled on the CPU
        const int frozen = int(header.indexOf(" frozen products ms "));
        QVERIFY(frozen > 0);
        // The frozen products alone are timed. Whether they take less than the step is a
        // measurement, not asserted: on a loaded CPU with the tiny fixture (a 6 ms step,
        // printed to the millisecond) they once read 6.1 ms.
        QVERIFY2(row[frozen].toDouble() > 0, qPrintable(lines[2]));
        bool rate = false;
        row[header.indexOf(" their TFLOP/s ")].toDouble(&rate); // 0.0 for the tiny fixture: a number all the same
        QVERIFY(rate);
        QCOMPARE(row[header.indexOf(" device ")].trimmed(), QStringLiteral("cpu"));
        // The host's share of the step is part of it (s/step printed to the millisecond).
        const double host = row[header.indexOf(" host ms/step ")].toDouble();
        QVERIFY2(host > 0 && host <= 1000 * row[header.indexOf(" s/step ")].toDouble() + 1.0, qPrintable(lines[2]));
    }

    void nothingFitsIsSaid()
    {
        const Recommendation plan = recommend(llama3_8b(), {int64_t(4 * kGib), 8, {}}, {});
        QVERIFY(!plan.fits);
        QCOMPARE(plan.precision, Precision::Nf4);
        QCOMPARE(plan.checkpointing, GradCheckpointing::Offload);
        QVERIFY(plan.reasons.front().find("does not fit") != std::string::npos);
        QCOMPARE(plan.maxSeqLen, int64_t(2048)); // no dataset: the default
    }
};

QTEST_APPLESS_MAIN(TestMemoryPlan)
#include "test_memory_plan.moc"

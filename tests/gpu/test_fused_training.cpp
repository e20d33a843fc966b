// Training with the fused CUDA kernels against libtorch's own operations on
// the same model, batch and seed (issue 9): the loss curves agree within bf16
// noise. Of the kernels used in training, dequantization, the LoRA sum and
// SwiGLU's forward give libtorch's bits; RMSNorm's forward may differ by two
// units in the last place, its gradient sums in another order and SwiGLU's gate
// gradient may differ by one unit, so the curves may drift apart by a few units
// of bf16 (2^-8 ≈ 0.4 % relative each) over the steps: 1 % is allowed.
#include "core/model/fused_switch.h"
#include "core/train/train_benchmark.h"
#include "tests/support/cuda_test_main.h"

#include <QTest>

class TestFusedTraining : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void lossCurveMatchesLibtorch_data()
    {
        QTest::addColumn<QString>("precision");
        QTest::addColumn<QString>("checkpointing");
        QTest::addRow("bf16, recomputed") << "bf16" << "on";
        QTest::addRow("bf16, kept") << "bf16" << "off";
        QTest::addRow("nf4, recomputed") << "nf4" << "on";
    }

    void lossCurveMatchesLibtorch()
    {
        QFETCH(QString, precision);
        QFETCH(QString, checkpointing);
        QVERIFY2(qs::model::fusedKernelsEnabled(), "built without the fused kernels, or QS_FUSED_KERNELS=0");
        qs::train::TrainBenchmarkOptions options;
        options.model = QS_MODEL_FIXTURES "/llama3";
        options.precision = *qs::model::parsePrecision(precision.toStdString());
        options.device = "cuda";
        options.batchSize = 2;
        options.seqLen = 64;
        options.steps = 30;
        options.warmupSteps = 0;
        options.gradCheckpointing = *qs::train::parseCheckpointing(checkpointing.toStdString());
        options.seed = 1;
        const std::vector<double> fused = qs::train::benchmarkTraining(options).losses;
        qs::model::setFusedKernelsEnabled(false);
        const std::vector<double> plain = qs::train::benchmarkTraining(options).losses;
        qs::model::setFusedKernelsEnabled(true);
        QCOMPARE(fused.size(), plain.size());
        QVERIFY2(plain.back() < plain.front(), "the loss did not fall: nothing was learned to compare");
        for (size_t i = 0; i < fused.size(); ++i)
            QVERIFY2(std::abs(fused[i] - plain[i]) <= 0.01 * std::abs(plain[i]),
                     qPrintable(QString("step %1: fused %2, libtorch %3").arg(i).arg(fused[i]).arg(plain[i])));
    }
};

QS_CUDA_TEST_MAIN(TestFusedTraining)

#include "test_fused_training.moc"

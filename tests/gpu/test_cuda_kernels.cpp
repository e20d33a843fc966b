// The fused CUDA kernels against the libtorch operations they replace, on the
// GPU: the same bits (both round the fp32 product once to the 16-bit type, and
// the kernels avoid fused multiply-adds for that). Without CUDA this test is
// not run: it exits 77, which CTest reports as skipped — never as passed.
#include "core/model/fused_ops_impl.h"
#include "core/model/int8_impl.h"
#include "core/model/nf4_impl.h"
#include "tests/support/cuda_test_main.h"

#include <QTest>

using qs::model::Int8Tensor;
using qs::model::Nf4Tensor;

class TestCudaKernels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void kernelsAreBuiltIn()
    {
        // The GPU build must carry them (tests/gpu/run.sh builds with nvcc).
        QVERIFY2(qs::model::fused::builtIn(), "built without nvcc: the fused kernels are missing");
    }

    void nf4MatchesLibtorch_data()
    {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("columns");
        QTest::addColumn<int>("dtype");
        for (const auto dtype : {torch::kBFloat16, torch::kHalf}) {
            const char* name = dtype == torch::kBFloat16 ? "bf16" : "fp16";
            // A tail block shorter than 64 and a last group shorter than 256 blocks; and a real projection.
            QTest::addRow("3x100 %s", name) << 3 << 100 << int(dtype);
            QTest::addRow("4096x14336 %s", name) << 4096 << 14336 << int(dtype);
        }
    }

    void nf4MatchesLibtorch()
    {
        QFETCH(int, rows);
        QFETCH(int, columns);
        QFETCH(int, dtype);
        torch::manual_seed(0);
        const torch::Tensor weight = torch::randn({rows, columns}, torch::kCUDA) * 0.02;
        const Nf4Tensor quantized = qs::model::quantizeNf4(weight);
        const auto type = torch::ScalarType(dtype);
        const torch::Tensor fused = qs::model::dequantizeNf4(quantized, type);
        const torch::Tensor reference = qs::model::dequantizeNf4WithTorch(quantized, type);
        QCOMPARE(fused.sizes().vec(), reference.sizes().vec());
        QCOMPARE(fused.scalar_type(), type);
        QVERIFY2(torch::equal(fused, reference),
                 qPrintable(QString::number((fused.to(torch::kFloat32) - reference.to(torch::kFloat32))
                                                .abs().max().item<double>())));
    }

    void int8MatchesLibtorch_data() { nf4MatchesLibtorch_data(); }

    void int8MatchesLibtorch()
    {
        QFETCH(int, rows);
        QFETCH(int, columns);
        QFETCH(int, dtype);
        torch::manual_seed(1);
        const Int8Tensor quantized = qs::model::quantizeInt8(torch::randn({rows, columns}, torch::kCUDA));
        const auto type = torch::ScalarType(dtype);
        QVERIFY(torch::equal(qs::model::dequantizeInt8(quantized, type),
                             qs::model::dequantizeInt8WithTorch(quantized, type)));
    }

    void elementwise_data()
    {
        QTest::addColumn<int>("dtype");
        QTest::addRow("bf16") << int(torch::kBFloat16);
        QTest::addRow("fp16") << int(torch::kHalf);
    }

    // RoPE and SwiGLU round as libtorch does at every step: the same bits.
    // RMSNorm sums the squares in another order, so its normalised value may
    // round one unit apart, and the product with the weight one more: two units
    // in the last place of the 16-bit result (a unit ≤ 2^-7 relative for bf16,
    // 2^-10 for fp16).
    void elementwise()
    {
        QFETCH(int, dtype);
        const auto type = torch::ScalarType(dtype);
        const auto options = torch::TensorOptions().device(torch::kCUDA).dtype(type);
        torch::manual_seed(2);
        const torch::Tensor x = torch::randn({2, 7, 4096}, options) * 3;
        const torch::Tensor weight = 1 + torch::randn({4096}, options) * 0.1;
        const torch::Tensor fusedNorm = qs::model::fused::rmsNorm(x, weight, 1e-5);
        const torch::Tensor referenceNorm = qs::model::rmsNorm(x, weight, 1e-5);
        const double unit = type == torch::kBFloat16 ? 1.0 / 128 : 1.0 / 1024;
        const torch::Tensor normError = (fusedNorm.to(torch::kFloat32) - referenceNorm.to(torch::kFloat32)).abs();
        QVERIFY(normError.le(referenceNorm.to(torch::kFloat32).abs() * 2 * unit + 1e-6).all().item<bool>());

        const torch::Tensor heads = torch::randn({2, 7, 8, 128}, options); // [batch, seq, heads, headDim]
        const torch::Tensor angles = torch::randn({7, 128}, options.dtype(torch::kFloat32)) * 3;
        const qs::model::RotaryTables rope{angles.cos().to(type), angles.sin().to(type)};
        const torch::Tensor fusedRope = qs::model::fused::rotary(heads, rope).transpose(1, 2);
        QVERIFY(torch::equal(fusedRope, qs::model::applyRotary(heads.transpose(1, 2), rope)));

        const torch::Tensor gate = torch::randn({3, 5, 14336}, options) * 4;
        const torch::Tensor up = torch::randn({3, 5, 14336}, options);
        QVERIFY(torch::equal(qs::model::fused::swiGlu(gate, up), torch::silu(gate) * up));
    }
};

QS_CUDA_TEST_MAIN(TestCudaKernels)

#include "test_cuda_kernels.moc"

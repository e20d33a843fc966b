// Weight quantization. NF4: codebook, exact round trip of codebook values, odd
// shapes, storage size, and the error on normally distributed weights — lower
// than a uniform 4-bit code with the same blocks, as the QLoRA paper reports.
// int8: per-row absmax round trip.
#include "core/base/error.h"
#include "core/model/int8_impl.h"
#include "core/model/nf4_impl.h"

#include <QTest>

using namespace qs::model;

namespace {

double relativeRmsError(const torch::Tensor& a, const torch::Tensor& b)
{
    return ((a - b).pow(2).mean().sqrt() / b.pow(2).mean().sqrt()).item<double>();
}

// Uniform 4-bit (Int4) with the same blocks of 64 and absmax scaling, for comparison.
torch::Tensor int4RoundTrip(const torch::Tensor& weight)
{
    const torch::Tensor blocks = weight.reshape({-1, kNf4BlockSize});
    const torch::Tensor absmax = blocks.abs().amax(1, true);
    return (torch::round(blocks / absmax * 7).clamp(-8, 7) * absmax / 7).view_as(weight);
}

} // namespace

class TestQuantization : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void codebook()
    {
        const auto& values = nf4Codebook();
        QCOMPARE(values.front(), -1.0f);
        QCOMPARE(values.back(), 1.0f);
        QCOMPARE(values[7], 0.0f);
        QVERIFY(std::is_sorted(values.begin(), values.end()));
    }

    void codebookValuesComeBackExactly()
    {
        // One block holding every codebook value ×3: the block constant is the
        // only one, so double quantization stores it exactly (mean = value).
        std::vector<float> values(64);
        for (size_t i = 0; i < 64; ++i)
            values[i] = 3.0f * nf4Codebook()[i % 16];
        const torch::Tensor weight = torch::tensor(values);
        const torch::Tensor back = dequantizeNf4(quantizeNf4(weight));
        QVERIFY2(torch::allclose(back, weight, /*rtol=*/1e-6, /*atol=*/1e-6),
                 qPrintable(QString::number((back - weight).abs().max().item<double>())));
    }

    // Dequantization by byte lookup equals the definition written out nibble by
    // nibble: codebook value × double-quantized absmax, rounded once to the type.
    void dequantizationFollowsTheDefinition()
    {
        torch::manual_seed(3);
        const Nf4Tensor q = quantizeNf4(torch::randn({5, 200}) * 0.05); // a tail block and one constant group
        const torch::Tensor low = q.codes.bitwise_and(0x0F).to(torch::kLong);
        const torch::Tensor high = q.codes.bitwise_right_shift(4).to(torch::kLong);
        const torch::Tensor nibbles = torch::stack({low, high}, 1).reshape({-1}).slice(0, 0, 1000);
        const auto& values = nf4Codebook();
        const torch::Tensor codebook = torch::tensor(std::vector<float>(values.begin(), values.end()));
        const torch::Tensor blocks = torch::arange(1000).div(64, "floor");
        const torch::Tensor absmax = q.constantCodes.to(torch::kFloat32).index_select(0, blocks)
                                         * q.constantScales.index_select(0, blocks.div(256, "floor"))
                                     + q.constantMean;
        const torch::Tensor expected = (codebook.index_select(0, nibbles) * absmax).view({5, 200});
        QVERIFY(torch::equal(dequantizeNf4(q), expected));
        QVERIFY(torch::equal(dequantizeNf4(q, torch::kBFloat16), expected.to(torch::kBFloat16)));
    }

    void oddShapesAndStorage()
    {
        const torch::Tensor weight = torch::randn({3, 5});
        const Nf4Tensor q = quantizeNf4(weight);
        QCOMPARE(q.codes.numel(), 32L);        // one padded block of 64 codes, two per byte
        QCOMPARE(q.constantCodes.numel(), 1L); // one block of 64
        QCOMPARE(dequantizeNf4(q).sizes().vec(), (std::vector<int64_t>{3, 5}));
        QCOMPARE(dequantizeNf4(q, torch::kBFloat16).scalar_type(), torch::kBFloat16);
        const Nf4Tensor big = quantizeNf4(torch::randn({1024, 1024}));
        const int64_t bytes = big.codes.numel() + big.constantCodes.numel() + big.constantScales.numel() * 4;
        // 4 bits + 8 bits per 64 + 32 bits per 64·256: 4.127 bits per weight.
        QVERIFY(std::abs(double(bytes) * 8 / (1024.0 * 1024.0) - 4.127) < 0.001);
    }

    void normalWeightsErrorBeatsUniformInt4()
    {
        torch::manual_seed(0);
        const torch::Tensor weight = torch::randn({2048, 1024}) * 0.02;
        const double nf4 = relativeRmsError(dequantizeNf4(quantizeNf4(weight)), weight);
        const double int4 = relativeRmsError(int4RoundTrip(weight), weight);
        qInfo("relative RMS error: nf4 %.4f, int4 %.4f", nf4, int4);
        QVERIFY2(nf4 < int4, qPrintable(QStringLiteral("nf4 %1, int4 %2").arg(nf4).arg(int4)));
        // Blocks of 64 normals have absmax ≈ 2.4σ; 16 levels over ±absmax give a
        // uniform-code error near 2·2.4/15/√12 ≈ 0.092σ; NF4 must be below 0.1.
        QVERIFY2(nf4 < 0.10, qPrintable(QString::number(nf4)));
        // bf16 input gives the same codes as its fp32 value.
        const torch::Tensor bf16 = weight.to(torch::kBFloat16);
        QVERIFY(torch::equal(quantizeNf4(bf16).codes, quantizeNf4(bf16.to(torch::kFloat32)).codes));
    }

    void int8PerRowRoundTrip()
    {
        torch::manual_seed(1);
        torch::Tensor weight = torch::randn({256, 512}) * 0.02;
        weight[3].mul_(100); // one loud row must not cost the others precision
        const Int8Tensor q = quantizeInt8(weight);
        QCOMPARE(q.codes.scalar_type(), torch::kInt8);
        QCOMPARE(q.scales.numel(), 256L);
        const torch::Tensor back = dequantizeInt8(q);
        // Per element the error is at most half a step: absmax/127/2 of its row.
        const torch::Tensor bound = q.scales.unsqueeze(1) / 2 + 1e-9;
        QVERIFY(((back - weight).abs() <= bound).all().item<bool>());
        const double quietRows = relativeRmsError(back.slice(0, 4), weight.slice(0, 4));
        QVERIFY2(quietRows < 0.02, qPrintable(QString::number(quietRows))); // absmax of 512 normals ≈ 3σ: step 3σ/127, rms error step/√12 ≈ 0.007σ
        QVERIFY_THROWS_EXCEPTION(qs::Error, quantizeInt8(torch::randn({4})));
    }
};

QTEST_APPLESS_MAIN(TestQuantization)
#include "test_quantization.moc"

// The fused CUDA kernels against the libtorch operations they replace, on the
// GPU: the same bits (both round the fp32 product once to the 16-bit type, and
// the kernels avoid fused multiply-adds for that). Without CUDA this test is
// not run: it exits 77, which CTest reports as skipped — never as passed.
#include "core/model/fused_ops_impl.h"
#include "core/model/fused_projection_impl.h"
#include "core/model/int8_impl.h"
#include "core/model/lora_sum_impl.h"
#include "core/model/low_rank_branches_impl.h"
#include "core/model/fused_switch.h"
#include "core/model/fused_training_ops_impl.h"
#include "core/model/nf4_impl.h"
#include "core/model/seeded_dropout_impl.h"
#include "core/hw/cuda_graph_impl.h"
#include "core/train/fused_cross_entropy_impl.h"
#include "tests/support/cuda_test_main.h"
#include "tests/support/projected_branches_check.h"

#include <QTest>

using qs::model::FrozenLinear;
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
            // A tail block shorter than 64 and a last group shorter than 256 blocks (one thread per byte of
            // codes, per int8 weight); and a real projection (16 NF4 or 8 int8 weights per thread).
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
        const double unit = type == torch::kBFloat16 ? 1.0 / 128 : 1.0 / 1024;
        // 4096: rows read in 16-byte packs; 4100: not a multiple of 8, the general kernel.
        for (const int64_t width : {4096, 4100}) {
            const torch::Tensor x = torch::randn({2, 7, width}, options) * 3;
            const torch::Tensor weight = 1 + torch::randn({width}, options) * 0.1;
            const torch::Tensor fusedNorm = qs::model::fused::rmsNorm(x, weight, 1e-5);
            const torch::Tensor referenceNorm = qs::model::rmsNorm(x, weight, 1e-5);
            const torch::Tensor normError = (fusedNorm.to(torch::kFloat32) - referenceNorm.to(torch::kFloat32)).abs();
            QVERIFY2(normError.le(referenceNorm.to(torch::kFloat32).abs() * 2 * unit + 1e-6).all().item<bool>(),
                     qPrintable(QString("width %1").arg(width)));
        }

        // Head size 128: eight values per thread in 16-byte packs; 24: one value per thread.
        for (const int64_t headDim : {128, 24}) {
            const torch::Tensor heads = torch::randn({2, 7, 8, headDim}, options); // [batch, seq, heads, headDim]
            const torch::Tensor angles = torch::randn({7, headDim}, options.dtype(torch::kFloat32)) * 3;
            const qs::model::RotaryTables rope{angles.cos().to(type), angles.sin().to(type)};
            const torch::Tensor fusedRope = qs::model::fused::rotary(heads, rope).transpose(1, 2);
            QVERIFY2(torch::equal(fusedRope, qs::model::applyRotary(heads.transpose(1, 2), rope)),
                     qPrintable(QString("head size %1").arg(headDim)));
        }

        // 14336: in packs; 1001: not a multiple of 8, one value per thread.
        for (const int64_t width : {14336, 1001}) {
            const torch::Tensor gate = torch::randn({3, 5, width}, options) * 4;
            const torch::Tensor up = torch::randn({3, 5, width}, options);
            QVERIFY2(torch::equal(qs::model::fused::swiGlu(gate, up), torch::silu(gate) * up),
                     qPrintable(QString("width %1").arg(width)));
        }
    }

    void matrixVector_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("dtype");
        QTest::addColumn<int>("xRows");
        for (const char* format : {"dense", "int8", "nf4"})
            for (const auto dtype : {torch::kBFloat16, torch::kHalf})
                for (const int xRows : {1, 3, 4})
                    QTest::addRow("%s %s x%d", format, dtype == torch::kBFloat16 ? "bf16" : "fp16", xRows)
                        << QString(format) << int(dtype) << xRows;
    }

    // Three weights sharing x in one launch (one row count not a multiple of the
    // block's eight), one with a bias, against the fp32 product of the same
    // weight values. The kernel sums in fp32 in another order and rounds the
    // result once, then once more when adding the bias: two roundings of at most
    // half a unit in the last place (2^-8 relative for bf16, 2^-11 for fp16) of
    // at most |result| + |bias| each, plus 1e-5 of Σ|w·x| for the fp32 order.
    void matrixVector()
    {
        QFETCH(QString, format);
        QFETCH(int, dtype);
        QFETCH(int, xRows);
        const auto type = torch::ScalarType(dtype);
        const auto options = torch::TensorOptions().device(torch::kCUDA).dtype(type);
        torch::manual_seed(3);
        std::vector<FrozenLinear> layers;
        for (const int64_t rows : {1000, 1024, 4096}) {
            const torch::Tensor weight = torch::randn({rows, 4096}, options) * 0.02;
            const torch::Tensor bias = rows == 1024 ? torch::randn({rows}, options) : torch::Tensor();
            if (format == "nf4")
                layers.push_back(FrozenLinear::nf4(qs::model::quantizeNf4(weight), bias, type));
            else if (format == "int8")
                layers.push_back(FrozenLinear::int8(qs::model::quantizeInt8(weight), bias, type));
            else
                layers.push_back(FrozenLinear::dense(weight, bias));
        }
        const torch::Tensor x = torch::randn({xRows, 1, 4096}, options);
        const std::vector<torch::Tensor> fused =
            qs::model::fused::projectEach(x, {&layers[0], &layers[1], &layers[2]});
        QCOMPARE(int(fused.size()), 3);
        const double unit = type == torch::kBFloat16 ? 1.0 / 128 : 1.0 / 1024;
        for (size_t i = 0; i < layers.size(); ++i) {
            const torch::Tensor weight = layers[i].weight(torch::kFloat32);
            const torch::Tensor bias = layers[i].bias().defined() ? layers[i].bias().to(torch::kFloat32)
                                                                  : torch::zeros({weight.size(0)}, torch::kCUDA);
            const torch::Tensor reference = torch::matmul(x.to(torch::kFloat32), weight.t()) + bias;
            const torch::Tensor magnitude = torch::matmul(x.to(torch::kFloat32).abs(), weight.abs().t());
            QCOMPARE(fused[i].sizes().vec(), reference.sizes().vec());
            QCOMPARE(fused[i].scalar_type(), type);
            const torch::Tensor error = (fused[i].to(torch::kFloat32) - reference).abs();
            const torch::Tensor bound = (reference.abs() + bias.abs()) * unit + magnitude * 1e-5;
            QVERIFY2(error.le(bound).all().item<bool>(),
                     qPrintable(QString("weight %1: error %2 above its bound").arg(i).arg(
                         (error - bound).max().item<double>())));
            // A single projection's forward takes the same kernel.
            QVERIFY(torch::equal(layers[i].forward(x), qs::model::fused::projectEach(x, {&layers[i]}).front()));
        }
        // LoRA updates on the first and last weight (rank 16), added before rounding:
        // the same bound, with the update's magnitude added to the fp32 part.
        std::vector<qs::model::fused::LowRankUpdate> updates(layers.size());
        for (const size_t i : {size_t(0), size_t(2)}) {
            const auto floats = torch::TensorOptions().device(torch::kCUDA).dtype(torch::kFloat32);
            const torch::Tensor a = torch::randn({16, 4096}, floats) * 0.01;
            updates[i] = {torch::linear(x.to(torch::kFloat32), a), torch::randn({layers[i].outFeatures(), 16}, floats),
                          2.0};
        }
        const std::vector<torch::Tensor> adapted =
            qs::model::fused::projectEach(x, {&layers[0], &layers[1], &layers[2]}, updates);
        QCOMPARE(int(adapted.size()), 3);
        QVERIFY(torch::equal(adapted[1], fused[1]));
        for (const size_t i : {size_t(0), size_t(2)}) {
            const torch::Tensor weight = layers[i].weight(torch::kFloat32);
            const torch::Tensor lowRank = torch::linear(updates[i].down, updates[i].up) * updates[i].scale;
            const torch::Tensor reference = torch::matmul(x.to(torch::kFloat32), weight.t()) + lowRank;
            const torch::Tensor magnitude = torch::matmul(x.to(torch::kFloat32).abs(), weight.abs().t()) +
                                            torch::linear(updates[i].down.abs(), updates[i].up.abs()) * updates[i].scale;
            const torch::Tensor error = (adapted[i].to(torch::kFloat32) - reference).abs();
            QVERIFY2(error.le(reference.abs() * unit + magnitude * 1e-5).all().item<bool>(),
                     qPrintable(QString("adapted weight %1 outside its bound").arg(i)));
        }
        // Five rows of x are more than one launch takes: the caller falls back to libtorch.
        QVERIFY(qs::model::fused::projectEach(torch::randn({5, 4096}, options), {&layers[0]}).empty());
    }

    void decodeAttention_data()
    {
        QTest::addColumn<int>("dtype");
        QTest::addColumn<int>("heads");
        QTest::addColumn<int>("kvHeads");
        QTest::addColumn<int>("headDim");
        QTest::addColumn<int>("window");
        for (const auto dtype : {torch::kBFloat16, torch::kHalf}) {
            const char* name = dtype == torch::kBFloat16 ? "bf16" : "fp16";
            QTest::addRow("llama3 %s", name) << int(dtype) << 32 << 8 << 128 << 0;
            QTest::addRow("mistral window %s", name) << int(dtype) << 32 << 8 << 128 << 64;
            QTest::addRow("no groups, head 64 %s", name) << int(dtype) << 4 << 4 << 64 << 0;
            QTest::addRow("fixtures' head 16 %s", name) << int(dtype) << 4 << 2 << 16 << 0;
            QTest::addRow("head 256 %s", name) << int(dtype) << 8 << 1 << 256 << 0;
        }
    }

    // Against the fp32 attention of the same 16-bit values over slots
    // 0 … position (the last `window` of them): the kernel rounds the softmax
    // weights to 16 bits before the weighted sum, as flash attention does —
    // half a unit of each weight, at most that share of the largest value
    // (2^-8 relative for bf16, 2^-11 for fp16) — sums in fp32 in another order
    // and rounds once: another half unit of the result, plus 1e-5 of the
    // largest value for the fp32 order and exp.
    void decodeAttention()
    {
        QFETCH(int, dtype);
        QFETCH(int, heads);
        QFETCH(int, kvHeads);
        QFETCH(int, headDim);
        QFETCH(int, window);
        const auto type = torch::ScalarType(dtype);
        const auto options = torch::TensorOptions().device(torch::kCUDA).dtype(type);
        torch::manual_seed(4);
        const int64_t batch = 2, capacity = 300, position = 200;
        const torch::Tensor q = torch::randn({batch, heads, 1, headDim}, options);
        const torch::Tensor keys = torch::randn({batch, kvHeads, capacity, headDim}, options);
        const torch::Tensor values = torch::randn({batch, kvHeads, capacity, headDim}, options);
        const torch::Tensor slot = torch::full({1}, position, torch::TensorOptions().device(torch::kCUDA).dtype(torch::kLong));
        const torch::Tensor fused = qs::model::fused::decodeAttention(q, keys, values, slot, window);
        QVERIFY(fused.defined());
        QCOMPARE(fused.sizes().vec(), (std::vector<int64_t>{batch, heads, headDim}));

        const int64_t first = window > 0 ? position + 1 - window : 0;
        const auto valid = torch::indexing::Slice(first, position + 1);
        const torch::Tensor grouped = q.to(torch::kFloat32).reshape({batch, kvHeads, heads / kvHeads, headDim});
        const torch::Tensor k = keys.to(torch::kFloat32).index({torch::indexing::Slice(), torch::indexing::Slice(), valid});
        const torch::Tensor v = values.to(torch::kFloat32).index({torch::indexing::Slice(), torch::indexing::Slice(), valid});
        const torch::Tensor weights = torch::softmax(torch::matmul(grouped, k.transpose(-2, -1)) / std::sqrt(double(headDim)), -1);
        const torch::Tensor reference = torch::matmul(weights, v).reshape({batch, heads, headDim});
        const double unit = type == torch::kBFloat16 ? 1.0 / 256 : 1.0 / 2048;
        const torch::Tensor error = (fused.to(torch::kFloat32) - reference).abs();
        const torch::Tensor bound = reference.abs() * unit + (unit + 1e-5) * v.abs().max();
        QVERIFY2(error.le(bound).all().item<bool>(),
                 qPrintable(QString("error above its bound by %1").arg((error - bound).max().item<double>())));
    }

    // The residual sum rounds as libtorch's addition, and its norm is the
    // RMSNorm kernel's on that sum: the same bits as the two kernels apart.
    void addRmsNorm()
    {
        QFETCH(int, dtype);
        const auto options = torch::TensorOptions().device(torch::kCUDA).dtype(torch::ScalarType(dtype));
        torch::manual_seed(5);
        const torch::Tensor x = torch::randn({3, 1, 4096}, options) * 3;
        const torch::Tensor delta = torch::randn({3, 1, 4096}, options);
        const torch::Tensor weight = 1 + torch::randn({4096}, options) * 0.1;
        const auto [sum, normed] = qs::model::fused::addRmsNorm(x, delta, weight, 1e-5);
        QVERIFY(sum.defined() && normed.defined());
        QVERIFY(torch::equal(sum, x + delta));
        QVERIFY(torch::equal(normed, qs::model::fused::rmsNorm(x + delta, weight, 1e-5)));
    }

    void addRmsNorm_data() { elementwise_data(); }

    // One position's q rotated, k rotated into its cache slot and v copied
    // there: the same bits as the rotary kernel and index_copy_, other slots untouched.
    void rotaryIntoCache()
    {
        QFETCH(int, dtype);
        const auto type = torch::ScalarType(dtype);
        const auto options = torch::TensorOptions().device(torch::kCUDA).dtype(type);
        torch::manual_seed(6);
        const int64_t batch = 2, heads = 32, kvHeads = 8, headDim = 128, capacity = 50, slot = 17;
        const torch::Tensor q = torch::randn({batch, 1, heads, headDim}, options);
        const torch::Tensor k = torch::randn({batch, 1, kvHeads, headDim}, options);
        const torch::Tensor v = torch::randn({batch, 1, kvHeads, headDim}, options);
        const torch::Tensor angles = torch::randn({1, headDim}, options.dtype(torch::kFloat32)) * 3;
        const qs::model::RotaryTables rope{angles.cos().to(type), angles.sin().to(type)};
        torch::Tensor keys = torch::zeros({batch, kvHeads, capacity, headDim}, options);
        torch::Tensor values = torch::zeros({batch, kvHeads, capacity, headDim}, options);
        const torch::Tensor position = torch::full({1}, slot, torch::TensorOptions().device(torch::kCUDA).dtype(torch::kLong));
        const torch::Tensor rotated = qs::model::fused::rotaryIntoCache(q, k, v, rope, keys, values, position);
        QVERIFY(rotated.defined());
        QVERIFY(torch::equal(rotated, qs::model::fused::rotary(q, rope).transpose(1, 2)));
        torch::Tensor expectedKeys = torch::zeros_like(keys);
        torch::Tensor expectedValues = torch::zeros_like(values);
        expectedKeys.index_copy_(2, position, qs::model::fused::rotary(k, rope).transpose(1, 2));
        expectedValues.index_copy_(2, position, v.transpose(1, 2));
        QVERIFY(torch::equal(keys, expectedKeys));
        QVERIFY(torch::equal(values, expectedValues));
    }

    void rotaryIntoCache_data() { elementwise_data(); }

    // The end of a LoRA branch in training: the fused kernel's sum and both
    // gradients are libtorch's, bit for bit (so the loss curve cannot move).
    void loraSum()
    {
        QFETCH(int, dtype);
        const auto type = torch::ScalarType(dtype);
        const auto options = torch::TensorOptions().device(torch::kCUDA);
        torch::manual_seed(7);
        const torch::Tensor y = torch::randn({2, 5, 1000}, options.dtype(type)).requires_grad_();
        const torch::Tensor z = torch::randn({2, 5, 1000}, options.dtype(torch::kFloat32)).requires_grad_();
        const torch::Tensor fused = qs::model::loraSum(y, z, 2.0);
        QVERIFY(QString::fromStdString(fused.grad_fn()->name()).contains("FusedLoraSum"));
        const torch::Tensor reference = (y + z * 2.0).to(type);
        QVERIFY(torch::equal(fused, reference));
        const torch::Tensor gradient = torch::randn_like(fused);
        const auto fusedGrads = torch::autograd::grad({fused}, {y, z}, {gradient});
        const auto referenceGrads = torch::autograd::grad({reference}, {y, z}, {gradient});
        QVERIFY(torch::equal(fusedGrads[0], referenceGrads[0]));
        QVERIFY(torch::equal(fusedGrads[1], referenceGrads[1]));
    }

    void loraSum_data() { elementwise_data(); }

    // The frozen products and their branches in one function, as training
    // takes them on the GPU, against fp32 arithmetic from the same 16-bit
    // operands, without and with LoRA dropout (tests/support/projected_branches_check.h).
    void projectedBranches()
    {
        QFETCH(int, dtype);
        const torch::Tensor probe = torch::zeros({1}, torch::TensorOptions().device(torch::kCUDA).dtype(torch::ScalarType(dtype)));
        QVERIFY(qs::model::fused::takesLowRankBranches(probe));
        const QString problem = qs::test::projectedBranchesProblem(torch::kCUDA, torch::ScalarType(dtype));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        // Not with the fused path off.
        qs::model::setFusedKernelsEnabled(false);
        const bool takenWhenOff = qs::model::fused::takesLowRankBranches(probe);
        qs::model::setFusedKernelsEnabled(true);
        QVERIFY(!takenWhenOff);
    }

    void projectedBranches_data() { elementwise_data(); }

    // The branches' backward products that read each output's gradient G once
    // (kernels::branchGradients) against libtorch's fp32 products of the same
    // 16-bit operands: scale · G B into 16-bit columns within two units in the
    // last place and scale · Gᵀ L in fp32 within 1e-4 (both norm-wise: only the
    // order of the fp32 sums differs); rows that fill no tile, an output of
    // 1,024 + 128 features, a branch without a gradient, ranks 16 and 64; the
    // same bits on a second call; and that the engine takes it for small
    // gradients only.
    void branchGradients()
    {
        QFETCH(int, dtype);
        const auto type = torch::ScalarType(dtype);
        const auto options = torch::TensorOptions().device(torch::kCUDA).dtype(type);
        for (const int64_t rank : {16, 64}) {
            torch::manual_seed(21);
            const int64_t rows = 300;
            const std::vector<int64_t> outs = {1152, 128, 384};
            const std::vector<double> scales = {2.0, 0.5, 1.0};
            std::vector<torch::Tensor> gradRows, ups;
            for (size_t b = 0; b < outs.size(); ++b) {
                gradRows.push_back(b == 1 ? torch::Tensor() : torch::randn({rows, outs[b]}, options));
                ups.push_back(torch::randn({outs[b], rank}, options) * 0.1);
            }
            const torch::Tensor lowRank = torch::randn({rows, 3 * rank}, options);
            const torch::Tensor gradLowRank = torch::full({rows, 3 * rank}, 7.0, options);
            const std::vector<torch::Tensor> upGradients = qs::model::fused::branchGradients(
                gradRows, ups, lowRank, {rank, rank, rank}, scales, gradLowRank);
            QCOMPARE(upGradients.size(), outs.size()); // the kernel took them
            // The partial sums are added in a fixed order: a second call gives the same bits.
            const torch::Tensor again = torch::empty_like(gradLowRank);
            const std::vector<torch::Tensor> upAgain = qs::model::fused::branchGradients(
                gradRows, ups, lowRank, {rank, rank, rank}, scales, again);
            QVERIFY(torch::equal(again, gradLowRank));
            for (size_t b = 0; b < outs.size(); ++b)
                QVERIFY(torch::equal(upAgain[b], upGradients[b]));
            const auto relative = [](const torch::Tensor& actual, const torch::Tensor& expected) {
                return ((actual.to(torch::kFloat32) - expected).norm() / expected.norm().clamp_min(1e-30)).item<double>();
            };
            const double unit = type == torch::kBFloat16 ? 1.0 / 128 : 1.0 / 1024;
            for (size_t b = 0; b < outs.size(); ++b) {
                const torch::Tensor columns = gradLowRank.narrow(1, int64_t(b) * rank, rank);
                const torch::Tensor low = lowRank.narrow(1, int64_t(b) * rank, rank).to(torch::kFloat32);
                QCOMPARE(upGradients[b].scalar_type(), torch::kFloat32);
                if (!gradRows[b].defined()) {
                    QCOMPARE(columns.abs().max().item<double>(), 0.0);
                    QCOMPARE(upGradients[b].abs().max().item<double>(), 0.0);
                    continue;
                }
                const torch::Tensor g = gradRows[b].to(torch::kFloat32);
                const torch::Tensor expectedColumns = torch::mm(g, ups[b].to(torch::kFloat32)) * scales[b];
                const torch::Tensor expectedUp = torch::mm(g.t(), low) * scales[b];
                QVERIFY2(relative(columns, expectedColumns) <= 2 * unit, qPrintable(QString::number(relative(columns, expectedColumns))));
                QVERIFY2(relative(upGradients[b], expectedUp) <= 1e-4, qPrintable(QString::number(relative(upGradients[b], expectedUp))));
            }
        }
        // The engine takes it for a few tiles per branch and multiprocessor, libtorch's products for
        // Llama-3-8B's gate and up at 64 sequences of 2,048 tokens (kernels::branchGradientsPay).
        const int64_t manyRows = int64_t(64) * 2048;
        const torch::Tensor wide = torch::zeros({1, 1}, options);
        QVERIFY(qs::model::fused::branchGradientKernelPays({wide.expand({300, 1152})}, {wide.expand({1152, 16})},
                                                           wide.expand({300, 16})));
        QVERIFY(!qs::model::fused::branchGradientKernelPays(
            {wide.expand({manyRows, 14336}), wide.expand({manyRows, 14336})},
            {wide.expand({14336, 16}), wide.expand({14336, 16})}, wide.expand({manyRows, 32})));
        // Not for a rank the kernel has no shape for: nothing written, libtorch's products instead.
        const torch::Tensor lowRank = torch::randn({64, 8}, options);
        const torch::Tensor untouched = torch::full({64, 8}, 7.0, options);
        QVERIFY(qs::model::fused::branchGradients({torch::randn({64, 32}, options)}, {torch::randn({32, 8}, options)},
                                                  lowRank, {8}, {1.0}, untouched)
                    .empty());
        QCOMPARE(untouched.min().item<double>(), 7.0);
    }

    void branchGradients_data() { elementwise_data(); }

    // The LoRA matrices to 16 bits and their gradients back to fp32, several
    // tensors in one launch: libtorch's `.to()` and `.to(fp32).mul_(scale)`, bit
    // for bit. Nine tensors are one more than a launch takes (libtorch's path).
    void conversions()
    {
        QFETCH(int, dtype);
        const auto type = torch::ScalarType(dtype);
        const auto options = torch::TensorOptions().device(torch::kCUDA);
        torch::manual_seed(11);
        for (const size_t count : {size_t(3), size_t(9)}) {
            std::vector<torch::Tensor> wide, half, narrowed, widened;
            std::vector<double> ones, scales;
            for (size_t i = 0; i < count; ++i) {
                const int64_t size = std::vector<int64_t>{1, 1001, 16 * 4096 + 3}[i % 3];
                wide.push_back(torch::randn({size}, options));
                half.push_back(torch::randn({size}, options.dtype(type)));
                narrowed.push_back(torch::empty({size}, options.dtype(type)));
                widened.push_back(torch::empty({size}, options));
                ones.push_back(1.0);
                scales.push_back(std::vector<double>{0.5, 2.0, 0.3}[i % 3]);
            }
            qs::model::fused::convertEach(wide, narrowed, ones);
            qs::model::fused::convertEach(half, widened, scales);
            for (size_t i = 0; i < count; ++i) {
                QVERIFY(torch::equal(narrowed[i], wide[i].to(type)));
                QVERIFY(torch::equal(widened[i], half[i].to(torch::kFloat32).mul_(scales[i])));
            }
        }
    }

    void conversions_data() { elementwise_data(); }

    // Seeded dropout: the kernel keeps and scales the same elements as the
    // libtorch operations that compute its draws (the same bits: one fp32
    // product, one rounding), with any seed's bits, and a recorded CUDA graph
    // draws a new mask on each replay from the seed it reads from GPU memory.
    void seededDropout()
    {
        QFETCH(int, dtype);
        const auto type = torch::ScalarType(dtype);
        const auto longs = torch::TensorOptions().dtype(torch::kLong).device(torch::kCUDA);
        torch::manual_seed(13);
        const torch::Tensor x = torch::randn({3, 1001}, torch::TensorOptions().dtype(type).device(torch::kCUDA));
        for (const int64_t seed : {int64_t(0), int64_t(12345), int64_t(-7)}) {
            const qs::model::DropoutKey key{torch::full({}, seed, longs), 9};
            const torch::Tensor dropped = qs::model::seededDropout(x, 0.3, key);
            const torch::Tensor keep = qs::model::dropoutDraws(key, x.numel())
                                           .ge(int64_t(std::llround(0.3 * (1 << 24))))
                                           .view(x.sizes());
            const torch::Tensor expected = (x.to(torch::kFloat32) * keep * float(1.0 / 0.7)).to(type);
            QVERIFY2(torch::equal(dropped, expected), qPrintable(QString::number(seed)));
        }

        const torch::Tensor seed = torch::full({}, int64_t(1), longs);
        qs::hw::CudaGraphStep graph;
        const torch::Tensor first = graph.runAndCapture([&] { return qs::model::seededDropout(x, 0.3, {seed, 4}); });
        seed.fill_(2);
        const torch::Tensor replayed = graph.replay().clone();
        QVERIFY(!torch::equal(replayed, first));
        QVERIFY(torch::equal(replayed, qs::model::seededDropout(x, 0.3, {torch::full({}, int64_t(2), longs), 4})));
    }

    void seededDropout_data() { elementwise_data(); }

    // Rotary positions in training: the inference kernel's values and, from
    // the same kernel turned the other way, libtorch's gradient — both the same bits.
    void trainableRotary()
    {
        QFETCH(int, dtype);
        const auto type = torch::ScalarType(dtype);
        const auto options = torch::TensorOptions().device(torch::kCUDA).dtype(type);
        torch::manual_seed(12);
        const torch::Tensor x = torch::randn({2, 9, 4, 64}, options).requires_grad_();
        const torch::Tensor angles = torch::randn({9, 32}, options.dtype(torch::kFloat32)) * 3;
        const torch::Tensor both = torch::cat({angles, angles}, -1);
        const qs::model::RotaryTables rope{both.cos().to(type), both.sin().to(type)};
        const torch::Tensor fused = qs::model::fused::rotaryWithGradient(x, rope);
        QVERIFY(fused.defined());
        const torch::Tensor reference = qs::model::applyRotary(x.transpose(1, 2), rope).transpose(1, 2);
        QVERIFY(torch::equal(fused, reference));
        const torch::Tensor gradient = torch::randn_like(fused);
        const torch::Tensor fusedGrad = torch::autograd::grad({fused}, {x}, {gradient})[0];
        const torch::Tensor referenceGrad = torch::autograd::grad({reference}, {x}, {gradient})[0];
        QVERIFY(torch::equal(fusedGrad, referenceGrad));
    }

    void trainableRotary_data() { elementwise_data(); }

    // RMSNorm in training: forward as the inference kernel (within two units in
    // the last place of libtorch's, see elementwise()); the gradient to x from
    // the same bf16 product g·w as autograd's, then fp32 in another order and one
    // rounding — within one unit in the last place (2^-7 relative for bf16,
    // 2^-10 for fp16) plus 1e-4 of the largest gradient where the two terms of
    // dn·r − x·r³·mean(dn·x) cancel.
    void trainableRmsNorm()
    {
        QFETCH(int, dtype);
        const auto type = torch::ScalarType(dtype);
        const auto options = torch::TensorOptions().device(torch::kCUDA).dtype(type);
        torch::manual_seed(8);
        const double unit = type == torch::kBFloat16 ? 1.0 / 128 : 1.0 / 1024;
        // 4096: the packed backward kernel; 4100: the general one.
        for (const int64_t width : {4096, 4100}) {
            const torch::Tensor x = (torch::randn({3, 7, width}, options) * 3).requires_grad_();
            const torch::Tensor weight = 1 + torch::randn({width}, options) * 0.1;
            const auto [fused, residual] = qs::model::fused::rmsNormWithGradient(x, weight, 1e-5);
            QVERIFY(fused.defined() && residual.defined());
            QVERIFY(torch::equal(fused, qs::model::fused::rmsNorm(x.detach(), weight, 1e-5)));
            QVERIFY(torch::equal(residual, x));
            const torch::Tensor reference = qs::model::rmsNorm(x, weight, 1e-5);
            const torch::Tensor gradient = torch::randn_like(fused);
            const torch::Tensor fusedGrad = torch::autograd::grad({fused}, {x}, {gradient}, true)[0].to(torch::kFloat32);
            const torch::Tensor referenceGrad =
                torch::autograd::grad({reference}, {x}, {gradient}, true)[0].to(torch::kFloat32);
            const torch::Tensor error = (fusedGrad - referenceGrad).abs();
            const torch::Tensor bound = referenceGrad.abs() * unit + 1e-4 * referenceGrad.abs().max();
            QVERIFY2(error.le(bound).all().item<bool>(),
                     qPrintable(QString("width %1: gradient error above its bound by %2").arg(width).arg(
                         (error - bound).max().item<double>())));

            // With the residual sum reading x through the norm: x's gradient is the
            // norm's plus the sum's, added before the one rounding where autograd
            // rounds each first — within one unit of each term's size.
            const torch::Tensor gradResidual = torch::randn_like(fused);
            const torch::Tensor bothGrad =
                torch::autograd::grad({fused, residual}, {x}, {gradient, gradResidual})[0].to(torch::kFloat32);
            const torch::Tensor expected = referenceGrad + gradResidual.to(torch::kFloat32);
            const torch::Tensor bothError = (bothGrad - expected).abs();
            const torch::Tensor bothBound = (referenceGrad.abs() + gradResidual.to(torch::kFloat32).abs()) * unit +
                                            1e-4 * referenceGrad.abs().max();
            QVERIFY2(bothError.le(bothBound).all().item<bool>(),
                     qPrintable(QString("width %1: with the residual, error above its bound by %2").arg(width).arg(
                         (bothError - bothBound).max().item<double>())));
        }
        // A weight that wants a gradient is left to libtorch.
        const torch::Tensor x = torch::randn({2, 4096}, options);
        QVERIFY(!qs::model::fused::rmsNormWithGradient(x, torch::ones({4096}, options).requires_grad_(), 1e-5)
                     .normed.defined());
    }

    void trainableRmsNorm_data() { elementwise_data(); }

    // SwiGLU in training: the inference kernel's values (libtorch's bits), the
    // gradient to up as libtorch's product gives it (the same bits), and to gate
    // through silu's derivative in fp32 — within one unit in the last place,
    // where the compilers may contract the fp32 expression differently.
    void trainableSwiGlu()
    {
        QFETCH(int, dtype);
        const auto type = torch::ScalarType(dtype);
        const auto options = torch::TensorOptions().device(torch::kCUDA).dtype(type);
        torch::manual_seed(9);
        const double unit = type == torch::kBFloat16 ? 1.0 / 128 : 1.0 / 1024;
        for (const int64_t width : {14336, 1001}) { // in 16-byte packs, and one value per thread
            const torch::Tensor gate = (torch::randn({3, 5, width}, options) * 4).requires_grad_();
            const torch::Tensor up = torch::randn({3, 5, width}, options).requires_grad_();
            const torch::Tensor fused = qs::model::fused::swiGluWithGradient(gate, up);
            QVERIFY(fused.defined());
            const torch::Tensor reference = torch::silu(gate) * up;
            QVERIFY(torch::equal(fused, reference));
            const torch::Tensor gradient = torch::randn_like(fused);
            const auto fusedGrads = torch::autograd::grad({fused}, {gate, up}, {gradient});
            const auto referenceGrads = torch::autograd::grad({reference}, {gate, up}, {gradient});
            QVERIFY(torch::equal(fusedGrads[1], referenceGrads[1]));
            const torch::Tensor expected = referenceGrads[0].to(torch::kFloat32);
            const torch::Tensor error = (fusedGrads[0].to(torch::kFloat32) - expected).abs();
            QVERIFY2(error.le(expected.abs() * unit + 1e-6).all().item<bool>(),
                     qPrintable(QString("width %1: gate gradient off by up to %2").arg(width).arg(error.max().item<double>())));
        }
    }

    void trainableSwiGlu_data() { elementwise_data(); }

    // The loss's cross-entropy against libtorch's (logits widened to fp32,
    // log_softmax, nll_loss): each row's loss within 1e-5 relative (the sum of
    // exponentials in another order); the gradient, written over the logits,
    // within one unit in the last place of libtorch's rounded to 16 bits, plus
    // 1e-7 for fp16's subnormal probabilities. An ignored target (-100) gives 0
    // and a zero row, as libtorch's ignore_index.
    void crossEntropy()
    {
        QFETCH(int, dtype);
        const auto type = torch::ScalarType(dtype);
        const auto options = torch::TensorOptions().device(torch::kCUDA).dtype(type);
        torch::manual_seed(10);
        const double unit = type == torch::kBFloat16 ? 1.0 / 128 : 1.0 / 1024;
        for (const int64_t vocab : {128256, 1003}) { // in 16-byte packs, and one value per thread
            const torch::Tensor logits = torch::randn({37, vocab}, options) * 4;
            torch::Tensor targets = torch::randint(vocab, {37}, options.dtype(torch::kLong));
            targets[5] = -100;
            const torch::Tensor scale = torch::full({}, 0.25, options.dtype(torch::kFloat32));
            QVERIFY(qs::train::fusedCrossEntropyTakes(logits));

            const torch::Tensor wide = logits.to(torch::kFloat32).requires_grad_();
            const torch::Tensor referenceLoss = torch::nn::functional::cross_entropy(
                wide, targets, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone));
            const torch::Tensor referenceGrad =
                torch::autograd::grad({referenceLoss.sum()}, {wide}, {scale})[0].to(type).to(torch::kFloat32);

            const torch::Tensor gradient = logits.clone();
            const torch::Tensor loss = qs::train::fusedCrossEntropy(gradient, targets, scale);
            QVERIFY2(torch::allclose(loss, referenceLoss.detach(), 1e-5, 0),
                     qPrintable(QString("vocab %1: loss off by up to %2").arg(vocab).arg(
                         (loss - referenceLoss).abs().max().item<double>())));
            QCOMPARE(loss[5].item<float>(), 0.0f);
            const torch::Tensor error = (gradient.to(torch::kFloat32) - referenceGrad).abs();
            QVERIFY2(error.le(referenceGrad.abs() * unit + 1e-7).all().item<bool>(),
                     qPrintable(QString("vocab %1: gradient off by up to %2").arg(vocab).arg(error.max().item<double>())));
            QVERIFY(gradient[5].eq(0).all().item<bool>());

            // Without a gradient scale only the losses come back; the logits stay.
            const torch::Tensor kept = logits.clone();
            QVERIFY(torch::equal(qs::train::fusedCrossEntropy(kept, targets, {}), loss));
            QVERIFY(torch::equal(kept, logits));
        }
    }

    void crossEntropy_data() { elementwise_data(); }
};

QS_CUDA_TEST_MAIN(TestCudaKernels)

#include "test_cuda_kernels.moc"

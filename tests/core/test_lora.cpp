// LoRA and PEFT adapters: adapters PEFT saved give PEFT's loss here; adapters
// saved here hold PEFT's keys and come back identical; PEFT's initialisation;
// switching on and off; merging; gradients reach only the LoRA weights, also
// through the dequantizing backward of nf4/int8 layers; bad adapters are refused.
// Tolerance 1e-4 on losses against PEFT (fp32; only summation order differs).
#include "core/base/error.h"
#include "core/model/language_model_impl.h"
#include "core/model/low_rank_branches_impl.h"
#include "core/model/peft_adapter_impl.h"
#include "core/kernels/seeded_dropout_kernels.h"
#include "core/model/safetensors.h"
#include "core/model/seeded_dropout_impl.h"
#include "tests/support/model_reference.h"
#include "tests/support/projected_branches_check.h"

#include <QTemporaryDir>
#include <QTest>
#include <fstream>
#include <set>

using namespace qs::model;
using qs::test::modelFixtures;
using qs::test::modelReference;

namespace {

LanguageModel load(const std::string& name, Precision precision = Precision::Fp32)
{
    LoadOptions options;
    options.precision = precision;
    return LanguageModel::load(modelFixtures() / name, options);
}

std::vector<int64_t> firstIds(const std::string& model)
{
    return modelReference()["models"][model]["cases"][0]["ids"].get<std::vector<int64_t>>();
}

std::set<std::string> tensorNames(const std::filesystem::path& file)
{
    std::set<std::string> names;
    const SafetensorsFile opened = SafetensorsFile::open(file);
    for (const TensorInfo& info : opened.tensors())
        names.insert(info.name);
    return names;
}

nlohmann::json readJson(const std::filesystem::path& path)
{
    return nlohmann::json::parse(qs::readWholeFile(path, "json"));
}

void writeJson(const std::filesystem::path& path, const nlohmann::json& json)
{
    std::ofstream(path) << json.dump(2);
}

// A copy of a fixture adapter whose config was changed by `edit`.
std::filesystem::path editedAdapter(const QTemporaryDir& dir, const std::function<void(nlohmann::json&)>& edit)
{
    const std::filesystem::path folder = dir.filePath(QStringLiteral("edited")).toStdString();
    std::filesystem::create_directories(folder);
    std::filesystem::copy_file(modelFixtures() / "llama3-adapter" / "adapter_model.safetensors",
                               folder / "adapter_model.safetensors", std::filesystem::copy_options::overwrite_existing);
    nlohmann::json config = readJson(modelFixtures() / "llama3-adapter" / "adapter_config.json");
    edit(config);
    writeJson(folder / "adapter_config.json", config);
    return folder;
}

// Mean next-token loss with autograd on (what the trainer will minimise).
torch::Tensor trainingLoss(LanguageModel& model, const std::vector<int64_t>& ids)
{
    const Decoder& decoder = model.state().decoder;
    const torch::Tensor input = torch::tensor(ids).unsqueeze(0);                          // [1, n]
    const torch::Tensor logits = decoder.logits(decoder.hidden(input))[0].to(torch::kFloat32); // [n, vocab]
    return torch::nn::functional::cross_entropy(logits.slice(0, 0, -1), input[0].slice(0, 1));
}

} // namespace

class TestLora : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void peftAdapterGivesPeftLoss_data()
    {
        QTest::addColumn<QString>("model");
        QTest::newRow("llama3: r=4, all seven projections") << "llama3";
        QTest::newRow("qwen2: rsLoRA r=8, q and v") << "qwen2";
    }

    void peftAdapterGivesPeftLoss()
    {
        QFETCH(QString, model);
        const std::string name = model.toStdString();
        const auto& reference = modelReference()["models"][name]["adapter"];
        LanguageModel lm = load(name);
        lm.loadAdapter(modelFixtures() / reference["folder"].get<std::string>());
        for (const auto& testCase : reference["cases"]) {
            const auto scores = lm.score(testCase["ids"].get<std::vector<int64_t>>());
            QVERIFY2(std::abs(scores.loss - testCase["loss"].get<double>()) < 1e-4,
                     qPrintable(QStringLiteral("%1 vs PEFT %2").arg(scores.loss).arg(testCase["loss"].get<double>())));
            const auto expected = testCase["logprobs"].get<std::vector<double>>();
            for (size_t i = 0; i < expected.size(); ++i)
                QVERIFY(std::abs(scores.logprobs[i] - expected[i]) < 1e-4);
        }
        const LoraSettings& settings = lm.adapterSettings();
        if (name == "qwen2") {
            QCOMPARE(settings.rank, 8);
            QVERIFY(settings.rsLora);
            QCOMPARE(settings.scale(), 16 / std::sqrt(8.0));
            QCOMPARE(settings.targets, (std::vector<std::string>{"q_proj", "v_proj"}));
        } else {
            QCOMPARE(settings.rank, 4);
            QCOMPARE(settings.scale(), 2.0);
            QCOMPARE(settings.targets, allProjections());
        }
    }

    void switchingTheAdapterOffGivesTheBase()
    {
        LanguageModel lm = load("llama3");
        lm.loadAdapter(modelFixtures() / "llama3-adapter");
        const auto ids = firstIds("llama3");
        const double base = modelReference()["models"]["llama3"]["cases"][0]["loss"].get<double>();
        const double tuned = modelReference()["models"]["llama3"]["adapter"]["cases"][0]["loss"].get<double>();
        lm.setAdapterEnabled(false);
        QVERIFY(!lm.adapterEnabled());
        QVERIFY(std::abs(lm.score(ids).loss - base) < 1e-4);
        lm.setAdapterEnabled(true);
        QVERIFY(std::abs(lm.score(ids).loss - tuned) < 1e-4);
    }

    void savedAdapterRoundTrips()
    {
        QTemporaryDir dir;
        const std::filesystem::path saved = dir.filePath(QStringLiteral("adapter")).toStdString();
        LanguageModel lm = load("qwen2");
        lm.loadAdapter(modelFixtures() / "qwen2-adapter");
        lm.saveAdapter(saved);
        QCOMPARE(tensorNames(saved / "adapter_model.safetensors"),
                 tensorNames(modelFixtures() / "qwen2-adapter" / "adapter_model.safetensors"));
        const auto config = readJson(saved / "adapter_config.json");
        QCOMPARE(config["peft_type"].get<std::string>(), std::string("LORA"));
        QCOMPARE(config["r"].get<int>(), 8);
        QCOMPARE(config["lora_alpha"].get<int>(), 16);
        QCOMPARE(config["use_rslora"].get<bool>(), true);

        LanguageModel again = load("qwen2");
        again.loadAdapter(saved);
        const auto ids = firstIds("qwen2");
        QCOMPARE(again.score(ids).loss, lm.score(ids).loss);
    }

    void freshAdapterFollowsPeftInitialisation()
    {
        LanguageModel lm = load("llama3");
        const double before = lm.score(firstIds("llama3")).loss;
        LoraSettings settings;
        settings.rank = 8;
        settings.alpha = 16;
        settings.seed = 7;
        lm.addAdapter(settings);
        QCOMPARE(lm.score(firstIds("llama3")).loss, before); // B = 0: the adapter starts as a no-op

        const ModelConfig& c = lm.config();
        const int64_t q = c.heads * c.headDim, kv = c.kvHeads * c.headDim, h = c.hiddenSize, m = c.intermediateSize;
        const int64_t perLayer = 8 * ((h + q) + 2 * (h + kv) + (q + h) + 2 * (h + m) + (m + h));
        QCOMPARE(lm.adapterParameterCount(), perLayer * c.layers);

        for (const DecoderLayer& layer : lm.state().decoder.layers)
            for (const Projection* p : layer.projections()) {
                QVERIFY(p->lora.has_value());
                const double bound = 1.0 / std::sqrt(double(p->base.inFeatures()));
                const double largest = p->lora->a.abs().max().item<double>();
                QVERIFY2(largest <= bound && largest > 0.9 * bound, qPrintable(QString::number(largest / bound)));
                QCOMPARE(p->lora->b.abs().sum().item<double>(), 0.0);
                QCOMPARE(p->lora->scale, 2.0);
            }
        LanguageModel same = load("llama3");
        same.addAdapter(settings);
        QVERIFY(torch::equal(same.state().decoder.layers[1].down.lora->a, lm.state().decoder.layers[1].down.lora->a));
    }

    void mergeGivesTheAdapterLoss()
    {
        LanguageModel lm = load("qwen2");
        lm.loadAdapter(modelFixtures() / "qwen2-adapter");
        const auto ids = firstIds("qwen2");
        const double tuned = lm.score(ids).loss;
        lm.mergeAdapter();
        QVERIFY(!lm.hasAdapter());
        QVERIFY2(std::abs(lm.score(ids).loss - tuned) < 1e-5, qPrintable(QString::number(lm.score(ids).loss - tuned)));

        LanguageModel quantized = load("qwen2", Precision::Nf4);
        quantized.loadAdapter(modelFixtures() / "qwen2-adapter");
        QVERIFY_THROWS_EXCEPTION(qs::Error, quantized.mergeAdapter());
    }

    void gradientsReachOnlyLora_data()
    {
        QTest::addColumn<Precision>("precision");
        QTest::newRow("fp32") << Precision::Fp32;
        QTest::newRow("nf4") << Precision::Nf4;
        QTest::newRow("int8") << Precision::Int8;
    }

    void gradientsReachOnlyLora()
    {
        QFETCH(Precision, precision);
        LanguageModel lm = load("llama3", precision);
        lm.loadAdapter(modelFixtures() / "llama3-adapter");
        trainingLoss(lm, firstIds("llama3")).backward();
        const Decoder& decoder = lm.state().decoder;
        QVERIFY(!decoder.embedding.requires_grad());
        for (const DecoderLayer& layer : decoder.layers) {
            QVERIFY(!layer.inputNorm.requires_grad());
            for (const Projection* p : layer.projections()) {
                QVERIFY(p->lora->a.grad().defined() && p->lora->b.grad().defined());
                QVERIFY(p->lora->a.grad().abs().sum().item<double>() > 0);
                QVERIFY(p->lora->b.grad().abs().sum().item<double>() > 0);
            }
        }
    }

    // The frozen products and their branches in one function (training on a
    // GPU without dropout), checked for its algebra here in fp32 on the CPU:
    // dense with a bias, NF4 without a branch, int8; outputs and every gradient
    // as the frozen layers and PEFT's formula give them (1e-5: fp32 products
    // summed in another order), zeros for an unused branch's weights; and
    // without the values, zeros out and the same gradients, bit for bit.
    void projectedBranchesFollowTheFrozenLayersAndPeft()
    {
        torch::manual_seed(6);
        const FrozenLinear dense = FrozenLinear::dense(torch::randn({24, 64}) * 0.1, torch::randn({24}));
        const FrozenLinear nf4 = FrozenLinear::nf4(quantizeNf4(torch::randn({16, 64}) * 0.1), {}, torch::kFloat32);
        const FrozenLinear int8 = FrozenLinear::int8(quantizeInt8(torch::randn({32, 64}) * 0.1), {}, torch::kFloat32);
        const std::vector<const FrozenLinear*> bases = {&dense, &nf4, &int8};
        std::vector<qs::model::LoraWeights> loras(2);
        for (size_t i = 0; i < 2; ++i) {
            const int64_t out = bases[2 * i]->outFeatures();
            loras[i].a = (torch::randn({4 + 4 * int64_t(i), 64}) * 0.2).requires_grad_();
            loras[i].b = (torch::randn({out, 4 + 4 * int64_t(i)}) * 0.2).requires_grad_();
            loras[i].scale = 0.5 + double(i);
        }
        const std::vector<const qs::model::LoraWeights*> branches = {&loras[0], nullptr, &loras[1]};
        const torch::Tensor x = torch::randn({2, 5, 64}).requires_grad_();
        const std::vector<torch::Tensor> leaves = {x, loras[0].a, loras[1].a, loras[0].b, loras[1].b};

        const std::vector<torch::Tensor> fused = qs::model::fused::projectWithBranches(x, bases, branches, true);
        QVERIFY(QString::fromStdString(fused[0].grad_fn()->name()).contains("ProjectedBranches"));
        std::vector<torch::Tensor> reference;
        for (size_t i = 0; i < 3; ++i) {
            torch::Tensor y = torch::linear(x, bases[i]->weight(torch::kFloat32), bases[i]->bias());
            if (const qs::model::LoraWeights* lora = branches[i])
                y = y + torch::linear(torch::linear(x, lora->a), lora->b) * lora->scale;
            reference.push_back(y);
            QVERIFY2(torch::allclose(fused[i], y, 1e-5, 1e-6), qPrintable(QString::number(i)));
        }
        // The last output unused: its branch's weights get zero gradients.
        const std::vector<torch::Tensor> gradients = {torch::randn_like(fused[0]), torch::randn_like(fused[1])};
        const auto fusedGrads = torch::autograd::grad({fused[0], fused[1]}, leaves, gradients, {}, false, true);
        const auto referenceGrads =
            torch::autograd::grad({reference[0], reference[1]}, leaves, gradients, {}, false, true);
        for (size_t k = 0; k < leaves.size(); ++k) {
            if (!referenceGrads[k].defined()) {
                QVERIFY(fusedGrads[k].abs().max().item<double>() == 0);
                continue;
            }
            QVERIFY2(torch::allclose(fusedGrads[k], referenceGrads[k], 1e-5, 1e-6), qPrintable(QString::number(k)));
        }
        QVERIFY(!referenceGrads[2].defined() && !referenceGrads[4].defined()); // the unused branch's A and B

        const std::vector<torch::Tensor> deferred = qs::model::fused::projectWithBranches(x, bases, branches, false);
        for (const torch::Tensor& y : deferred)
            QCOMPARE(y.abs().max().item<double>(), 0.0);
        const auto deferredGrads = torch::autograd::grad({deferred[0], deferred[1]}, leaves, gradients, {}, false, true);
        for (size_t k = 0; k < leaves.size(); ++k)
            QVERIFY2(torch::equal(deferredGrads[k], fusedGrads[k]), qPrintable(QString::number(k)));

        // With LoRA dropout on the first and last branch: each draws its own
        // mask, in the projections' order, and x's gradient also flows back
        // through the masks. The reference draws the same masks after the same seed.
        loras[0].dropout = 0.5;
        loras[1].dropout = 0.25;
        torch::manual_seed(7);
        const std::vector<torch::Tensor> dropped = qs::model::fused::projectWithBranches(x, bases, branches, true);
        torch::manual_seed(7);
        std::vector<torch::Tensor> droppedReference;
        for (size_t i = 0; i < 3; ++i) {
            torch::Tensor y = torch::linear(x, bases[i]->weight(torch::kFloat32), bases[i]->bias());
            if (const qs::model::LoraWeights* lora = branches[i])
                y = y + torch::linear(torch::linear(torch::dropout(x, lora->dropout, true), lora->a), lora->b) *
                            lora->scale;
            droppedReference.push_back(y);
            QVERIFY2(torch::allclose(dropped[i], y, 1e-5, 1e-6), qPrintable(QString("dropout, output %1").arg(i)));
        }
        QVERIFY(!torch::allclose(dropped[0], reference[0], 1e-3, 1e-3)); // the masks did something
        const std::vector<torch::Tensor> all = {torch::randn_like(dropped[0]), torch::randn_like(dropped[1]),
                                                torch::randn_like(dropped[2])};
        const auto droppedGrads = torch::autograd::grad(dropped, leaves, all);
        const auto droppedReferenceGrads = torch::autograd::grad(droppedReference, leaves, all);
        for (size_t k = 0; k < leaves.size(); ++k)
            QVERIFY2(torch::allclose(droppedGrads[k], droppedReferenceGrads[k], 1e-5, 1e-6),
                     qPrintable(QString("dropout, gradient %1").arg(k)));
        // Two identical branches draw different masks.
        const std::vector<const FrozenLinear*> twinBases = {&dense, &dense};
        const std::vector<torch::Tensor> twins = qs::model::fused::projectWithBranches(
            x, twinBases, {&loras[0], &loras[0]}, true);
        QVERIFY(!torch::equal(twins[0], twins[1]));
    }

    // The same function in bf16, as the GPU takes it in training, here on the
    // CPU (tests/support/projected_branches_check.h: two units in the last place).
    void projectedBranchesRoundAsInBf16()
    {
        const QString problem = qs::test::projectedBranchesProblem(torch::kCPU, torch::kBFloat16);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void dequantizingBackwardMatchesDense_data()
    {
        QTest::addColumn<bool>("nf4");
        QTest::newRow("nf4") << true;
        QTest::newRow("int8") << false;
    }

    // Seeded LoRA dropout on the CPU: libtorch's operations draw what the
    // kernel's scalar definition draws (any seed's bits: int64 arithmetic wraps
    // as uint64's does); the share dropped is p within five standard deviations
    // of a binomial count; kept values are x / (1 - p), rounded once; the
    // gradient goes through the same mask; a scope's draws differ from each
    // other and come again in a new scope with the same seed and salt, as a
    // checkpoint's recomputation needs.
    void seededDropoutDrawsItsMasksFromTheSeed()
    {
        for (const int64_t seed : {int64_t(0), int64_t(42), std::numeric_limits<int64_t>::min(), int64_t(-3)}) {
            const DropoutKey key{torch::full({}, seed, torch::kLong), 77};
            const torch::Tensor draws = dropoutDraws(key, 1000);
            const uint64_t k = qs::kernels::dropoutKey(uint64_t(seed), 77);
            for (int64_t i = 0; i < 1000; ++i)
                QCOMPARE(draws[i].item<int64_t>(), int64_t(qs::kernels::dropoutDraw(k, uint64_t(i))));
        }

        torch::manual_seed(3);
        const int64_t count = 100000;
        const double p = 0.1;
        const torch::Tensor x = torch::randn({count}).requires_grad_();
        const DropoutKey key{torch::full({}, int64_t(5), torch::kLong), 1};
        const torch::Tensor y = seededDropout(x, p, key);
        const torch::Tensor kept = y.ne(0);
        const double dropped = double(count - kept.sum().item<int64_t>());
        const double sigma = std::sqrt(count * p * (1 - p));
        QVERIFY2(std::abs(dropped - count * p) < 5 * sigma, qPrintable(QString::number(dropped)));
        QVERIFY(torch::equal(y.masked_select(kept), x.detach().masked_select(kept) * float(1 / (1 - p))));
        const torch::Tensor weights = torch::randn({count});
        const torch::Tensor gradient = torch::autograd::grad({(y * weights).sum()}, {x})[0];
        QVERIFY(torch::equal(gradient, seededDropout(weights, p, key)));
        QVERIFY(torch::equal(seededDropout(x, p, key), y));
        QVERIFY(!torch::equal(seededDropout(x, p, {key.seed, 2}), y));

        torch::Tensor first, second;
        {
            const DropoutScope scope(key.seed, 8);
            first = loraDropout(x, p);
            second = loraDropout(x, p);
        }
        QVERIFY(!torch::equal(first, second));
        const DropoutScope again(key.seed, 8);
        QVERIFY(torch::equal(loraDropout(x, p), first));
        QVERIFY(torch::equal(loraDropout(x, 0.0), x));
    }

    void dequantizingBackwardMatchesDense()
    {
        QFETCH(bool, nf4);
        torch::manual_seed(3);
        const torch::Tensor weight = torch::randn({48, 64}) * 0.05;
        const FrozenLinear quantized = nf4 ? FrozenLinear::nf4(quantizeNf4(weight), {}, torch::kFloat32)
                                           : FrozenLinear::int8(quantizeInt8(weight), {}, torch::kFloat32);
        const FrozenLinear dense = FrozenLinear::dense(quantized.weight(torch::kFloat32), {});
        const torch::Tensor x1 = torch::randn({2, 5, 64}).requires_grad_();
        const torch::Tensor x2 = x1.detach().clone().requires_grad_();
        const torch::Tensor gradY = torch::randn({2, 5, 48});
        const torch::Tensor y1 = quantized.forward(x1), y2 = dense.forward(x2);
        QVERIFY(torch::allclose(y1, y2, 1e-5, 1e-6));
        y1.backward(gradY);
        y2.backward(gradY);
        QVERIFY(torch::allclose(x1.grad(), x2.grad(), 1e-5, 1e-6));
    }

    void gradientOnlyKeepsTheBackward_data()
    {
        QTest::addColumn<QString>("format");
        QTest::newRow("dense") << "dense";
        QTest::newRow("nf4") << "nf4";
        QTest::newRow("int8") << "int8";
    }

    // A recomputed layer's last projection: zeros as its value, and for x the
    // gradient forward() gives, bit for bit (the same product of the same W).
    void gradientOnlyKeepsTheBackward()
    {
        QFETCH(QString, format);
        torch::manual_seed(4);
        const torch::Tensor weight = torch::randn({48, 64}) * 0.05;
        const FrozenLinear layer = format == "nf4"    ? FrozenLinear::nf4(quantizeNf4(weight), {}, torch::kFloat32)
                                   : format == "int8" ? FrozenLinear::int8(quantizeInt8(weight), {}, torch::kFloat32)
                                                      : FrozenLinear::dense(weight, {});
        const torch::Tensor x1 = torch::randn({2, 5, 64}).requires_grad_();
        const torch::Tensor x2 = x1.detach().clone().requires_grad_();
        const torch::Tensor gradY = torch::randn({2, 5, 48});
        const torch::Tensor computed = layer.forward(x1);
        const torch::Tensor deferred = layer.gradientOnly(x2);
        QCOMPARE(deferred.sizes(), computed.sizes());
        QVERIFY(torch::equal(deferred, torch::zeros_like(computed)));
        computed.backward(gradY);
        deferred.backward(gradY);
        QVERIFY(torch::equal(x2.grad(), x1.grad()));
    }

    void badAdaptersAreRefused_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        QTest::newRow("DoRA") << "use_dora" << "use_dora";
        QTest::newRow("bias") << "bias" << "trains biases";
        QTest::newRow("rank does not fit") << "r" << "does not fit";
        // Fewer targets than tensors: the unclaimed tensors are refused by name.
        QTest::newRow("tensors no target claims") << "target_modules" << "belongs to no targeted projection";
    }

    void badAdaptersAreRefused()
    {
        QFETCH(QString, field);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const auto folder = editedAdapter(dir, [&](nlohmann::json& config) {
            if (field == "use_dora")
                config["use_dora"] = true;
            else if (field == "bias")
                config["bias"] = "all";
            else if (field == "r")
                config["r"] = 2;
            else
                config["target_modules"] = {"q_proj"};
        });
        LanguageModel lm = load("llama3");
        try {
            lm.loadAdapter(folder);
            QFAIL("the adapter was accepted");
        } catch (const qs::Error& error) {
            QVERIFY2(QString::fromStdString(error.what()).contains(message), error.what());
        }
        QVERIFY(!lm.hasAdapter()); // nothing half-loaded
    }
};

QTEST_APPLESS_MAIN(TestLora)
#include "test_lora.moc"

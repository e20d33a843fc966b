// config.json: the families, parameter counts against published figures,
// weight sizes per precision, clear errors; `qlora inspect-model` checks a
// checkpoint's tensors against the config.
#include "core/base/atomic_file.h"
#include "core/base/error.h"
#include "core/model/model_config.h"
#include "core/model/safetensors.h"
#include "tests/core/model_config_cases.h"
#include "tests/support/run_cli.h"

#include <QTemporaryDir>
#include <QTest>

using namespace qs::model;

class TestModelConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void publishedParameterCounts_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<qlonglong>("parameters");
        QTest::addRow("Llama-3.1-8B") << QString::fromUtf8(kLlama31_8B) << 8030261248LL;
        QTest::addRow("Mistral-7B-v0.1") << QString::fromUtf8(kMistral7B) << 7241732096LL;
        QTest::addRow("Qwen2-0.5B") << QString::fromUtf8(kQwen2_05B) << 494032768LL;
    }
    void publishedParameterCounts()
    {
        QFETCH(QString, json);
        QFETCH(qlonglong, parameters);
        QCOMPARE(qlonglong(ModelConfig::fromJson(json.toStdString()).parameterCount()), parameters);
    }

    void familyDetails()
    {
        const ModelConfig llama = ModelConfig::fromJson(kLlama31_8B);
        QVERIFY(llama.ropeScaling.has_value());
        QCOMPARE(llama.ropeScaling->originalMaxPositions, 8192L);
        QCOMPARE(llama.headDim, 128L);
        QVERIFY(!llama.qkvBias);
        const ModelConfig qwen = ModelConfig::fromJson(kQwen2_05B);
        QVERIFY(qwen.qkvBias && qwen.tieWordEmbeddings);
        const auto tensors = qwen.expectedTensors();
        QVERIFY(tensors.count("model.layers.23.self_attn.k_proj.bias"));
        QVERIFY(!tensors.count("lm_head.weight"));
        QCOMPARE(tensors.at("model.layers.0.self_attn.k_proj.weight"), (std::vector<int64_t>{128, 896}));
    }

    void transformers5Layout()
    {
        // transformers 5 writes rope_parameters with the theta inside (tests/data/models were saved by 5.17).
        const ModelConfig llama = ModelConfig::fromFile(std::filesystem::path(QS_MODEL_FIXTURES) / "llama3/config.json");
        QCOMPARE(llama.ropeTheta, 500000.0);
        QVERIFY(llama.ropeScaling.has_value());
        QCOMPARE(llama.ropeScaling->originalMaxPositions, 64L);
        const ModelConfig mistral = ModelConfig::fromFile(std::filesystem::path(QS_MODEL_FIXTURES) / "mistral/config.json");
        QCOMPARE(mistral.ropeTheta, 10000.0);
        QCOMPARE(mistral.slidingWindow, 4096L);
        QVERIFY(!mistral.ropeScaling);
        const ModelConfig qwen = ModelConfig::fromFile(std::filesystem::path(QS_MODEL_FIXTURES) / "qwen2/config.json");
        QCOMPARE(qwen.ropeTheta, 1000000.0);
        QVERIFY(qwen.tieWordEmbeddings && qwen.qkvBias);
        QVERIFY_THROWS_EXCEPTION(qs::Error, ModelConfig::fromJson(R"({"model_type": "qwen2", "vocab_size": 8,
            "hidden_size": 8, "intermediate_size": 8, "num_hidden_layers": 1, "num_attention_heads": 2,
            "use_sliding_window": true})"));
    }

    void weightSizes()
    {
        const ModelConfig llama = ModelConfig::fromJson(kLlama31_8B);
        const int64_t all = llama.parameterCount();
        const int64_t linear = llama.linearParameterCount();
        QCOMPARE(weightBytes(llama, Precision::Bf16), all * 2);
        QCOMPARE(weightBytes(llama, Precision::Fp32), all * 4);
        // nf4: 4 bits + an 8-bit constant per 64 weights + an fp32 per 256 blocks ≈ 4.127 bits per weight.
        const double nf4BitsPerLinear = double(weightBytes(llama, Precision::Nf4) - (all - linear) * 2) * 8 / double(linear);
        QVERIFY2(nf4BitsPerLinear > 4.12 && nf4BitsPerLinear < 4.13, qPrintable(QString::number(nf4BitsPerLinear)));
        QVERIFY(weightBytes(llama, Precision::Int8) < weightBytes(llama, Precision::Bf16));
        QCOMPARE(parsePrecision("nf4"), std::optional<Precision>(Precision::Nf4));
        QCOMPARE(parsePrecision("fp8"), std::optional<Precision>());
    }

    void clearErrors()
    {
        try {
            ModelConfig::fromJson(kGpt2, "gpt2/config.json");
            QFAIL("expected qs::Error");
        } catch (const qs::Error& error) {
            QVERIFY(error.problem().find("'gpt2'") != std::string::npos);
            QVERIFY(error.hint().find("llama, mistral, qwen2") != std::string::npos);
        }
        try {
            ModelConfig::fromJson(kNoHidden);
            QFAIL("expected qs::Error");
        } catch (const qs::Error& error) {
            QVERIFY(error.problem().find("hidden_size") != std::string::npos);
        }
    }

    void inspectModelChecksTheCheckpoint()
    {
        QTemporaryDir dir;
        const std::filesystem::path folder = dir.path().toStdString();
        qs::writeFileAtomically(folder / "config.json", kTiny);
        const ModelConfig tiny = ModelConfig::fromJson(kTiny);
        std::vector<std::vector<float>> storage;
        std::vector<TensorToWrite> tensors;
        for (const auto& [name, shape] : tiny.expectedTensors()) {
            if (name == "model.norm.weight")
                continue; // missing
            std::vector<int64_t> written = shape;
            if (name == "model.layers.0.mlp.up_proj.weight")
                written = {8, 12}; // transposed: disagrees with the config
            int64_t elements = 1;
            for (const int64_t d : written)
                elements *= d;
            storage.emplace_back(size_t(elements), 0.5f);
            tensors.push_back({name, DType::F32, written, std::as_bytes(std::span<const float>(storage.back()))});
        }
        writeSafetensors(folder / "model.safetensors", tensors);
        const auto result = qs::test::runCli({"inspect-model", QString::fromStdString(folder.string())});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.out.contains("missing tensor model.norm.weight"), qPrintable(result.out));
        QVERIFY2(result.out.contains("model.layers.0.mlp.up_proj.weight has shape [8, 12], config.json says [12, 8]"),
                 qPrintable(result.out));
        QVERIFY(result.err.contains("2 tensor(s) disagree with config.json"));
    }
};

QTEST_APPLESS_MAIN(TestModelConfig)
#include "test_model_config.moc"

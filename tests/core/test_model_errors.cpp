// Bad model folders give a clear error naming the file and the tensor, and
// `qlora score` works from the command line as transformers would score it.
#include "core/base/error.h"
#include "core/model/language_model.h"
#include "core/model/safetensors.h"
#include "tests/support/model_reference.h"
#include "tests/support/run_cli.h"

#include <QTemporaryDir>
#include <QTest>
#include <fstream>
#include <torch/torch.h>

using namespace qs::model;
using qs::test::modelFixtures;

namespace {

// A copy of the Mistral fixture in `dir`, changed by `damage`.
std::filesystem::path damagedCopy(const QTemporaryDir& dir, const std::function<void(const std::filesystem::path&)>& damage)
{
    const std::filesystem::path folder = dir.filePath(QStringLiteral("model")).toStdString();
    std::filesystem::copy(modelFixtures() / "mistral", folder);
    damage(folder);
    return folder;
}

// Rewrites model.safetensors without `drop`, and with `retype` stored as I32.
void rewriteWeights(const std::filesystem::path& folder, const std::string& drop, const std::string& retype)
{
    std::vector<std::vector<std::byte>> buffers;
    std::vector<TensorToWrite> tensors;
    {
        const SafetensorsFile file = SafetensorsFile::open(folder / "model.safetensors");
        for (const TensorInfo& info : file.tensors()) {
            if (info.name == drop)
                continue;
            const auto bytes = file.bytes(info);
            buffers.emplace_back(bytes.begin(), bytes.end());
            if (info.name == retype)
                buffers.back().resize(size_t(info.elements()) * 4);
            tensors.push_back({info.name, info.name == retype ? DType::I32 : info.dtype, info.shape, {}});
        }
    }
    for (size_t i = 0; i < tensors.size(); ++i)
        tensors[i].bytes = buffers[i];
    writeSafetensors(folder / "model.safetensors", tensors);
}

void editConfig(const std::filesystem::path& folder, const char* key, const nlohmann::json& value)
{
    nlohmann::json config = nlohmann::json::parse(qs::readWholeFile(folder / "config.json", "config.json"));
    config[key] = value;
    std::ofstream(folder / "config.json") << config.dump(2);
}

} // namespace

class TestModelErrors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void badFoldersNameFileAndTensor_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("truncated file") << "truncate" << QStringList{"model.safetensors"};
        QTest::newRow("shape disagrees with config")
            << "shape" << QStringList{"model.layers.0.mlp.down_proj.weight", "[64, 128]", "[64, 96]", "model.safetensors"};
        QTest::newRow("missing tensor") << "missing" << QStringList{"model.norm.weight", "is missing"};
        QTest::newRow("unexpected dtype")
            << "dtype" << QStringList{"model.layers.1.self_attn.k_proj.weight", "I32", "model.safetensors"};
        QTest::newRow("unknown model_type") << "type" << QStringList{"gpt2", "llama, mistral, qwen2"};
        QTest::newRow("pickled checkpoint") << "bin" << QStringList{"pytorch_model.bin", "safe_serialization"};
    }

    void badFoldersNameFileAndTensor()
    {
        QFETCH(QString, damage);
        QFETCH(QStringList, expected);
        QTemporaryDir dir;
        const auto folder = damagedCopy(dir, [&](const std::filesystem::path& f) {
            if (damage == "truncate")
                std::filesystem::resize_file(f / "model.safetensors", std::filesystem::file_size(f / "model.safetensors") / 2);
            else if (damage == "shape")
                editConfig(f, "intermediate_size", 96);
            else if (damage == "missing")
                rewriteWeights(f, "model.norm.weight", "");
            else if (damage == "dtype")
                rewriteWeights(f, "", "model.layers.1.self_attn.k_proj.weight");
            else if (damage == "type")
                editConfig(f, "model_type", "gpt2");
            else {
                std::filesystem::remove(f / "model.safetensors");
                std::ofstream(f / "pytorch_model.bin") << "pickle";
            }
        });
        try {
            LanguageModel::load(folder);
            QFAIL("the model loaded");
        } catch (const qs::Error& error) {
            for (const QString& part : expected)
                QVERIFY2(QString::fromStdString(error.what()).contains(part), error.what());
        }
    }

    void badTokenIdsAndDevices()
    {
        const LanguageModel lm = LanguageModel::load(modelFixtures() / "qwen2");
        QVERIFY_THROWS_EXCEPTION(qs::Error, lm.score(std::vector<int64_t>{1, 384}));
        QVERIFY_THROWS_EXCEPTION(qs::Error, lm.score(std::vector<int64_t>{1}));
        LoadOptions options;
        options.device = "tpu";
        QVERIFY_THROWS_EXCEPTION(qs::Error, LanguageModel::load(modelFixtures() / "qwen2", options));
        if (!torch::cuda::is_available()) {
            options.device = "cuda";
            QVERIFY_THROWS_EXCEPTION(qs::Error, LanguageModel::load(modelFixtures() / "qwen2", options));
        }
    }

    void scoreCommandGivesTransformersFigures()
    {
        const auto& testCase = qs::test::modelReference()["models"]["llama3"]["cases"][0];
        // Text goes through the model's tokenizer.json with its post-processor (BOS first).
        auto result = qs::test::runCli({"score", "--model", QString::fromStdString((modelFixtures() / "llama3").string()),
                                        "--text", QString::fromStdString(testCase["text"].get<std::string>()), "--json"});
        QCOMPARE(result.exitCode, 0);
        const auto out = nlohmann::json::parse(result.out.toStdString());
        QCOMPARE(out["tokens"].get<size_t>(), testCase["ids"].size());
        QVERIFY(std::abs(out["loss"].get<double>() - testCase["loss"].get<double>()) < 1e-4);
        QCOMPARE(out["logprobs"].size(), testCase["ids"].size() - 1);

        QStringList ids;
        for (const auto& id : qs::test::modelReference()["models"]["qwen2"]["adapter"]["cases"][1]["ids"])
            ids << QString::number(id.get<int64_t>());
        result = qs::test::runCli({"score", "--model", QString::fromStdString((modelFixtures() / "qwen2").string()),
                                   "--adapter", QString::fromStdString((modelFixtures() / "qwen2-adapter").string()),
                                   "--ids", ids.join(','), "--json"});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(std::abs(nlohmann::json::parse(result.out.toStdString())["loss"].get<double>()
                         - qs::test::modelReference()["models"]["qwen2"]["adapter"]["cases"][1]["loss"].get<double>())
                < 1e-4);

        result = qs::test::runCli({"score", "--model", QString::fromStdString((modelFixtures() / "qwen2").string()),
                                   "--ids", "381,12,x3"});
        QVERIFY(result.exitCode != 0);
        QVERIFY2(result.err.contains("'x3' is not a token id") && result.err.contains("item 3"), qPrintable(result.err));
    }
};

QTEST_APPLESS_MAIN(TestModelErrors)
#include "test_model_errors.moc"

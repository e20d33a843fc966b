// The safetensors reader and writer: round trip, every malformed header a
// clear error naming the file and tensor, checkpoint folders (sharded, .bin
// refused), and a bounded fuzz of the header parser.
#include "core/base/error.h"
#include "core/base/read_file.h"
#include "core/model/safetensors.h"
#include "tests/core/safetensors_cases.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <random>

using namespace qs::model;

namespace {

std::vector<std::byte> fileWithHeader(const std::string& header, size_t dataBytes = 8)
{
    std::vector<std::byte> bytes(8 + header.size() + dataBytes, std::byte{0});
    for (int i = 0; i < 8; ++i)
        bytes[size_t(i)] = std::byte((uint64_t(header.size()) >> (8 * i)) & 0xFF);
    std::memcpy(bytes.data() + 8, header.data(), header.size());
    return bytes;
}

template <typename T>
std::span<const std::byte> asBytes(const std::vector<T>& values)
{
    return std::as_bytes(std::span<const T>(values));
}

} // namespace

class TestSafetensors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrip()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("model.safetensors").toStdString();
        const std::vector<float> weights = {1.5f, -2.0f, 3.25f, 0.0f, 5.0f, 6.0f};
        const std::vector<uint16_t> bf16 = {0x3F80, 0xC000};
        const std::vector<int64_t> positions = {0, 1, 2};
        writeSafetensors(path,
                         {{"model.layers.0.mlp.up_proj.weight", DType::F32, {2, 3}, asBytes(weights)},
                          {"model.norm.weight", DType::BF16, {2}, asBytes(bf16)},
                          {"positions", DType::I64, {3}, asBytes(positions)}},
                         {{"format", "pt"}});
        const SafetensorsFile file = SafetensorsFile::open(path);
        QCOMPARE(file.tensors().size(), size_t(3));
        QCOMPARE(file.metadata().at("format"), std::string("pt"));
        const TensorInfo& up = file.require("model.layers.0.mlp.up_proj.weight");
        QCOMPARE(up.dtype, DType::F32);
        QCOMPARE(up.shape, (std::vector<int64_t>{2, 3}));
        QCOMPARE(up.elements(), 6L);
        const auto bytes = file.bytes(up);
        QCOMPARE(std::memcmp(bytes.data(), weights.data(), bytes.size()), 0);
        QCOMPARE(file.require("model.norm.weight").dtype, DType::BF16);
        // The data section starts 8-byte aligned, as the reference writer does.
        const std::string raw = qs::readWholeFile(path, "x");
        uint64_t headerBytes = 0;
        for (int i = 7; i >= 0; --i)
            headerBytes = (headerBytes << 8) | uint8_t(raw[size_t(i)]);
        QCOMPARE(headerBytes % 8, uint64_t(0));
        QVERIFY(file.find("missing") == nullptr);
        try {
            file.require("model.layers.9.self_attn.q_proj.weight");
            QFAIL("expected qs::Error");
        } catch (const qs::Error& error) {
            QVERIFY(std::string(error.what()).find("model.layers.9.self_attn.q_proj.weight") != std::string::npos);
            QVERIFY(error.location().find("model.safetensors") != std::string::npos);
        }
    }

    void malformedHeaders_data()
    {
        QTest::addColumn<QString>("header");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("tensor");
        for (const MalformedHeaderCase& c : kMalformedHeaders)
            QTest::addRow("%s", c.name) << QString::fromUtf8(c.header) << QString::fromUtf8(c.message)
                                        << QString::fromUtf8(c.tensor);
    }
    void malformedHeaders()
    {
        QFETCH(QString, header);
        QFETCH(QString, message);
        QFETCH(QString, tensor);
        const std::vector<std::byte> bytes = fileWithHeader(header.toStdString());
        try {
            SafetensorsFile::fromBytes(bytes, "bad.safetensors");
            QFAIL("expected qs::Error");
        } catch (const qs::Error& error) {
            QVERIFY2(QString::fromStdString(error.problem()).contains(message), error.what());
            QVERIFY2(QString::fromStdString(error.location()).startsWith("bad.safetensors"), error.what());
            QVERIFY2(QString::fromStdString(error.location()).contains(tensor), error.what());
        }
    }

    void truncatedAndOversized()
    {
        const std::vector<std::byte> tiny(5, std::byte{0});
        QVERIFY_THROWS_EXCEPTION(qs::Error, SafetensorsFile::fromBytes(tiny, "tiny"));
        std::vector<std::byte> pastEnd = fileWithHeader("{}", 0);
        pastEnd[0] = std::byte{200}; // header length beyond the file
        QVERIFY_THROWS_EXCEPTION(qs::Error, SafetensorsFile::fromBytes(pastEnd, "past-end"));
        std::vector<std::byte> huge = fileWithHeader("{}", 0);
        huge[4] = std::byte{1}; // 2^32 bytes: over the 100 MB limit
        try {
            SafetensorsFile::fromBytes(huge, "huge");
            QFAIL("expected qs::Error");
        } catch (const qs::Error& error) {
            QVERIFY2(error.problem().find("larger than the 100 MB") != std::string::npos, error.what());
        }
        QVERIFY_THROWS_EXCEPTION(qs::Error, SafetensorsFile::open("/no/such/model.safetensors"));
    }

    void checkpointFolders()
    {
        QTemporaryDir dir;
        const std::filesystem::path folder = dir.path().toStdString();
        QVERIFY_THROWS_EXCEPTION(qs::Error, checkpointFiles(folder));
        std::ofstream(folder / "pytorch_model.bin") << "pickle";
        try {
            checkpointFiles(folder);
            QFAIL("expected qs::Error");
        } catch (const qs::Error& error) {
            QVERIFY(error.hint().find("safe_serialization=True") != std::string::npos);
        }
        const std::vector<float> one = {1.0f};
        writeSafetensors(folder / "model-00001-of-00002.safetensors", {{"a", DType::F32, {1}, asBytes(one)}});
        std::ofstream(folder / "model.safetensors.index.json")
            << R"({"weight_map": {"a": "model-00001-of-00002.safetensors", "b": "model-00002-of-00002.safetensors"}})";
        QVERIFY_THROWS_EXCEPTION(qs::Error, checkpointFiles(folder)); // second shard missing
        writeSafetensors(folder / "model-00002-of-00002.safetensors", {{"b", DType::F32, {1}, asBytes(one)}});
        QCOMPARE(checkpointFiles(folder).size(), size_t(2));
    }

    void boundedFuzzOfTheHeaderParser()
    {
        // Mutations of a valid file: every outcome is a parsed file whose
        // ranges lie inside the data, or a qs::Error — never a crash (ASan in CI's asan preset).
        QTemporaryDir dir;
        const std::string path = dir.filePath("seed.safetensors").toStdString();
        const std::vector<float> a = {1, 2, 3, 4};
        const std::vector<float> b = {5, 6};
        writeSafetensors(path, {{"a", DType::F32, {2, 2}, asBytes(a)}, {"b", DType::F32, {2}, asBytes(b)}});
        const std::string seed = qs::readWholeFile(path, "seed");
        std::mt19937 random(20261128);
        int parsed = 0;
        for (int round = 0; round < 5000; ++round) {
            std::string mutated = seed;
            const int edits = 1 + int(random() % 4);
            for (int e = 0; e < edits; ++e) {
                if (mutated.size() <= 8)
                    break; // too short to edit further: the length field alone is checked
                switch (random() % 4) {
                case 0: mutated[random() % mutated.size()] = char(random() & 0xFF); break; // any byte
                case 1: mutated[8 + random() % (mutated.size() - 8)] = "0123456789[]{},:\"-"[random() % 18]; break;
                case 2: mutated.resize(random() % (mutated.size() + 1)); break; // truncation
                default: mutated[random() % 8] = char(random() & 0xFF); break; // header length
                }
            }
            const auto bytes = std::as_bytes(std::span<const char>(mutated.data(), mutated.size()));
            try {
                const SafetensorsFile file = SafetensorsFile::fromBytes(bytes, "fuzz");
                for (const TensorInfo& tensor : file.tensors())
                    QVERIFY(file.bytes(tensor).data() + file.bytes(tensor).size() <= bytes.data() + bytes.size());
                ++parsed;
            } catch (const qs::Error&) {
            }
        }
        QVERIFY(parsed < 5000); // the mutations did reach the checks
    }
};

QTEST_APPLESS_MAIN(TestSafetensors)
#include "test_safetensors.moc"

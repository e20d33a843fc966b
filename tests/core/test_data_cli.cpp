// `qlora data inspect` and `qlora data clean` as a user runs them.
#include "tests/support/run_cli.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using qs::test::runCli;

namespace {

const QByteArray kDataset =
    R"({"instruction": "교육센터 주소는 어디인가요?", "output": "서울 영등포구입니다.", "source": "a.pdf"})" "\n"
    R"({"instruction": "교육센터  주소는 어디인가요", "output": "서울특별시 영등포구 의사당대로 143입니다."})" "\n"
    "this is not json\n"
    "{\"instruction\": \"\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB\xE1\x84\x80\xE1\x85\xB3\xE1\x86\xAF \xEA\xB3\xBC\xEC\xA0\x95\xEC\x9D\x80?\", \"output\": \"한글 과정은 이틀 동안 진행됩니다.\"}\n"
    R"({"instruction": "수강료는?", "output": ""})" "\n";

QStringList lines(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
}

} // namespace

class TestDataCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_input = m_dir.filePath(QStringLiteral("질문.jsonl"));
        QFile file(m_input);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(kDataset);
    }

    void inspectJson()
    {
        const auto result = runCli({"data", "inspect", m_input, "--json"});
        QCOMPARE(result.exitCode, 0);
        const QJsonObject report = QJsonDocument::fromJson(result.out.toUtf8()).object();
        QCOMPARE(report["records"].toInt(), 5);
        QCOMPARE(report["loaded"].toInt(), 4);
        const QJsonArray rejected = report["rejected"].toArray();
        QCOMPARE(rejected.size(), 1);
        QCOMPARE(rejected[0].toObject()["line"].toInt(), 3);
        QCOMPARE(report["finding_counts"].toObject()["not-nfc"].toInt(), 1);
        QCOMPARE(report["finding_counts"].toObject()["empty-field"].toInt(), 1);
        bool sameQuestion = false;
        for (const QJsonValue& group : report["duplicate_groups"].toArray()) {
            const QJsonObject object = group.toObject();
            if (object["kind"].toString() == "same-question") {
                sameQuestion = true;
                QCOMPARE(object["lines"].toArray(), QJsonArray({1, 2}));
                QCOMPARE(object["keeper_line"].toInt(), 2);
            }
        }
        QVERIFY(sameQuestion);
    }

    void inspectText()
    {
        const auto result = runCli({"data", "inspect", m_input});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.contains("Records:  5 (loaded 4, rejected 1)"));
        QVERIFY(result.out.contains("line 3: invalid JSON"));
        QVERIFY(result.out.contains("line 4 instruction: [not-nfc]"));
    }

    void cleanExactDedupAppliesNfc()
    {
        const QString out = m_dir.filePath("clean.jsonl");
        const auto result = runCli({"data", "clean", m_input, "-o", out, "--dedup", "exact"});
        QCOMPARE(result.exitCode, 0);
        const QStringList written = lines(out);
        QCOMPARE(written.size(), 3); // 4 loaded, one duplicate question dropped
        QVERIFY(written[0].contains("의사당대로 143")); // the keeper: longer answer
        QVERIFY(written[1].contains("한글 과정은?"));   // NFC applied
        QVERIFY(result.out.contains("Dropped: 0 flagged, 1 duplicates."));
    }

    void cleanDropFlaggedAndSplit()
    {
        const QString out = m_dir.filePath("train.jsonl");
        const auto result = runCli({"data", "clean", m_input, "-o", out, "--drop-flagged", "--split", "0.5",
                                    "--seed", "3", "--json"});
        QCOMPARE(result.exitCode, 0);
        const QJsonObject summary = QJsonDocument::fromJson(result.out.toUtf8()).object();
        QCOMPARE(summary["dropped_flagged"].toInt(), 1);
        QCOMPARE(summary["output"].toInt(), 3);
        QCOMPARE(lines(out).size() + lines(m_dir.filePath("train.eval.jsonl")).size(), 3);
    }

    void cleanRefusesToOverwriteTheInput()
    {
        const auto result = runCli({"data", "clean", m_input, "-o", m_input});
        QCOMPARE(result.exitCode, 1);
        QVERIFY(result.err.contains("Refusing to write over the original dataset"));
        QCOMPARE(lines(m_input).size(), 5); // untouched
    }

    void nearDedupOnTheDemoDataset()
    {
        // The demo plants 5 repeated questions and 5 reworded pairs (resources/demo/README.md);
        // at 0.8 on the whole pair, the repeats and the closest rewordings go (7 when written).
        const QString out = m_dir.filePath("demo-clean.jsonl");
        const auto result = runCli({"data", "clean", QS_DEMO_DATASET, "-o", out, "--dedup", "near", "--json"});
        QCOMPARE(result.exitCode, 0);
        const QJsonObject summary = QJsonDocument::fromJson(result.out.toUtf8()).object();
        QCOMPARE(summary["input"].toInt(), 305);
        QVERIFY2(summary["dropped_duplicates"].toInt() >= 6, qPrintable(result.out));
        QVERIFY2(summary["dropped_duplicates"].toInt() <= 12, qPrintable(result.out));
        QCOMPARE(summary["nfc_fields"].toInt(), 3);
        QCOMPARE(lines(out).size(), summary["output"].toInt());
    }

    void badArgumentsAreClear()
    {
        auto result = runCli({"data", "clean", m_input});
        QCOMPARE(result.exitCode, 1);
        QVERIFY(result.err.contains("No output file given"));
        result = runCli({"data", "clean", m_input, "-o", "x.jsonl", "--dedup", "fuzzy"});
        QVERIFY(result.err.contains("Unknown deduplication 'fuzzy'"));
        result = runCli({"data", "inspect", m_input, "--frobnicate"});
        QVERIFY(result.err.contains("Unknown option --frobnicate"));
        result = runCli({"data", "inspect", m_dir.filePath("없음.jsonl")});
        QCOMPARE(result.exitCode, 1);
        QVERIFY(result.err.contains("Cannot open the dataset"));
    }

private:
    QTemporaryDir m_dir;
    QString m_input;
};

QTEST_APPLESS_MAIN(TestDataCli)
#include "test_data_cli.moc"

// Import of JSONL, JSON arrays and CSV: field mapping detection, line
// diagnostics, and unknown fields surviving export unchanged.
#include "core/base/error.h"
#include "core/data/dataset.h"
#include "core/data/dataset_export.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <sstream>

using namespace qs::data;

namespace {

Dataset load(const QByteArray& bytes, const std::string& name, const ImportOptions& options = {})
{
    return importDatasetFromBytes(std::string_view(bytes.constData(), size_t(bytes.size())), name, options);
}

QString rejectedSummary(const Dataset& dataset)
{
    QStringList parts;
    for (const RejectedRecord& record : dataset.report.rejected)
        parts << QStringLiteral("%1: %2").arg(record.line).arg(QString::fromStdString(record.reason));
    return parts.join(QStringLiteral(" | "));
}

} // namespace

class TestDatasetImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void detectsMapping_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("question");
        QTest::addColumn<QString>("answer");
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("system");
        QTest::addRow("instruction/output") << QByteArray(R"({"instruction": "질문", "output": "답변"})")
                                            << "질문" << "답변" << "" << "";
        QTest::addRow("alpaca with input") << QByteArray(R"({"instruction": "요약해", "input": "본문", "output": "요약"})")
                                           << "요약해" << "요약" << "본문" << "";
        QTest::addRow("question/answer") << QByteArray(R"({"question": "Q", "answer": "A", "page": 3})")
                                         << "Q" << "A" << "" << "";
        QTest::addRow("prompt/completion") << QByteArray(R"({"prompt": "P", "completion": "C"})")
                                           << "P" << "C" << "" << "";
        QTest::addRow("openai messages")
            << QByteArray(R"({"messages": [{"role": "system", "content": "S"}, {"role": "user", "content": "U"}, {"role": "assistant", "content": "A"}]})")
            << "U" << "A" << "" << "S";
        QTest::addRow("sharegpt")
            << QByteArray(R"({"conversations": [{"from": "human", "value": "H"}, {"from": "gpt", "value": "G"}]})")
            << "H" << "G" << "" << "";
    }
    void detectsMapping()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, question);
        QFETCH(QString, answer);
        QFETCH(QString, context);
        QFETCH(QString, system);
        const Dataset dataset = load(line + "\n" + line + "\n", "data.jsonl");
        QVERIFY2(dataset.report.rejected.empty(), qPrintable(rejectedSummary(dataset)));
        QCOMPARE(dataset.examples.size(), size_t(2));
        const QaExample& example = dataset.examples[0];
        QCOMPARE(QString::fromStdString(example.instruction), question);
        QCOMPARE(QString::fromStdString(example.output), answer);
        QCOMPARE(QString::fromStdString(example.input), context);
        QCOMPARE(QString::fromStdString(example.system), system);
        QCOMPARE(dataset.examples[1].line, 2L);
    }

    void mappingCanBeOverridden()
    {
        ImportOptions options;
        options.mapping = parseFieldMapping("instruction=q,output=a");
        const Dataset dataset = load(R"({"q": "질문", "a": "답변", "instruction": "다른 것"})" "\n", "x.jsonl", options);
        QCOMPARE(dataset.examples.size(), size_t(1));
        QCOMPARE(dataset.examples[0].instruction, std::string("질문"));
        QVERIFY_THROWS_EXCEPTION(qs::Error, parseFieldMapping("instruction=q"));
        QVERIFY_THROWS_EXCEPTION(qs::Error, parseFieldMapping("answer=q,output=a"));
    }

    void bomAndCrlf()
    {
        const Dataset dataset = load("\xEF\xBB\xBF{\"instruction\": \"가\", \"output\": \"나\"}\r\n"
                                     "{\"instruction\": \"다\", \"output\": \"라\"}\r\n",
                                     "bom.jsonl");
        QVERIFY(dataset.report.byteOrderMark);
        QVERIFY(dataset.report.crlf);
        QCOMPARE(dataset.examples.size(), size_t(2));
        QCOMPARE(dataset.examples[1].output, std::string("라"));
    }

    void badLinesAreReportedAndTheRestLoads_data()
    {
        QTest::addColumn<QByteArray>("badLine");
        QTest::addColumn<QString>("reason");
        QTest::addRow("invalid json") << QByteArray(R"({"instruction": "a", "output": )") << "invalid JSON";
        QTest::addRow("invalid utf-8") << QByteArray("{\"instruction\": \"\xC0\xAF\", \"output\": \"b\"}") << "invalid UTF-8 at byte 18";
        QTest::addRow("missing field") << QByteArray(R"({"instruction": "a"})") << "missing field 'output'";
        QTest::addRow("number field") << QByteArray(R"({"instruction": "a", "output": 42})") << "field 'output' is a number, not text";
        QTest::addRow("not an object") << QByteArray(R"(["instruction", "output"])") << "not an object";
        QTest::addRow("empty line") << QByteArray("   ") << "empty line";
        QTest::addRow("nul byte") << QByteArray(R"({"instruction": "aXb", "output": "c"})").replace('X', '\0') << "invalid JSON";
    }
    void badLinesAreReportedAndTheRestLoads()
    {
        QFETCH(QByteArray, badLine);
        QFETCH(QString, reason);
        const QByteArray good = R"({"instruction": "질문", "output": "답변"})";
        const Dataset dataset = load(good + "\n" + good + "\n" + badLine + "\n" + good + "\n", "mixed.jsonl");
        QCOMPARE(dataset.examples.size(), size_t(3));
        QCOMPARE(dataset.report.rejected.size(), size_t(1));
        QCOMPARE(dataset.report.rejected[0].line, 3L);
        QVERIFY2(QString::fromStdString(dataset.report.rejected[0].reason).contains(reason),
                 qPrintable(rejectedSummary(dataset)));
        QCOMPARE(dataset.examples[2].line, 4L);
        QCOMPARE(dataset.report.records, 4L);
    }

    void jsonArray()
    {
        const Dataset dataset = load(R"([
  {"instruction": "하나", "output": "1"},
  {"instruction": "둘"},
  {"instruction": "셋", "output": "3", "extra": {"k": [1, 2]}}
])",
                                     "data.json");
        QCOMPARE(dataset.report.format, SourceFormat::JsonArray);
        QCOMPARE(dataset.examples.size(), size_t(2));
        QCOMPARE(dataset.report.rejected.size(), size_t(1));
        QCOMPARE(dataset.report.rejected[0].line, 2L);
        QVERIFY(QString::fromStdString(dataset.report.rejected[0].reason).startsWith("element 2: missing field"));
    }

    void brokenJsonArrayReportsTheLine()
    {
        const Dataset dataset = load("[\n{\"instruction\": \"a\", \"output\": \"b\"},\n{\"instruction\": \n]", "data.json");
        QCOMPARE(dataset.examples.size(), size_t(0));
        QCOMPARE(dataset.report.rejected.size(), size_t(1));
        QCOMPARE(dataset.report.rejected[0].line, 4L);
    }

    void csvWithQuotesAndLineBreaks()
    {
        const Dataset dataset = load("question,answer,page\r\n"
                                     "\"주소는, 어디?\",\"서울시\r\n영등포구\",3\r\n"
                                     "\"따옴표 \"\"안\"\"\",답,4\r\n"
                                     "짧은,줄\r\n"
                                     "마지막,답변,5\r\n",
                                     "data.csv");
        QCOMPARE(dataset.report.format, SourceFormat::Csv);
        QCOMPARE(dataset.examples.size(), size_t(3));
        QCOMPARE(dataset.examples[0].instruction, std::string("주소는, 어디?"));
        QCOMPARE(dataset.examples[0].output, std::string("서울시\r\n영등포구"));
        QCOMPARE(dataset.examples[1].instruction, std::string("따옴표 \"안\""));
        QCOMPARE(dataset.examples[1].line, 4L);
        QCOMPARE(dataset.report.rejected.size(), size_t(1));
        QCOMPARE(dataset.report.rejected[0].line, 5L);
        QCOMPARE(dataset.examples[2].line, 6L);
    }

    void unclosedCsvQuoteIsReported()
    {
        const Dataset dataset = load("instruction,output\na,b\n\"never closed,c\nd,e\n", "x.csv");
        QCOMPARE(dataset.examples.size(), size_t(1));
        QCOMPARE(dataset.report.rejected.size(), size_t(1));
        QCOMPARE(dataset.report.rejected[0].line, 3L);
    }

    void unknownFieldsSurviveExport()
    {
        QTemporaryDir dir;
        const QByteArray lines = R"({"source": "규정.pdf", "instruction": "질문1", "page": 7, "output": "답변1"})" "\n"
                                 R"({"instruction":"질문2","output":"답변2","meta":{"a":[1,2]}})" "\n";
        Dataset dataset = load(lines, "in.jsonl");
        dataset.examples[1].output = "고친 답변";
        const std::string out = dir.filePath("out.jsonl").toStdString();
        exportJsonl(dataset.examples, dataset.report.mapping, out, "in.jsonl");
        std::ifstream in(out);
        std::string first, second;
        std::getline(in, first);
        std::getline(in, second);
        QCOMPARE(first, std::string(R"({"source": "규정.pdf", "instruction": "질문1", "page": 7, "output": "답변1"})"));
        QCOMPARE(second, std::string(R"({"instruction":"질문2","output":"고친 답변","meta":{"a":[1,2]}})"));
    }

    void exportRefusesToOverwriteTheSource()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("원본.jsonl").toStdString();
        std::ofstream(path) << R"({"instruction": "q", "output": "a"})" << "\n";
        const Dataset dataset = importDataset(path);
        QVERIFY_THROWS_EXCEPTION(qs::Error, exportJsonl(dataset.examples, dataset.report.mapping, path, path));
        ExportOptions allow;
        allow.overwriteSource = true;
        exportJsonl(dataset.examples, dataset.report.mapping, path, path, allow);
        QCOMPARE(importDataset(path).examples.size(), size_t(1));
    }

    void missingFileIsAClearError()
    {
        try {
            importDataset("/no/such/dir/data.jsonl");
            QFAIL("expected qs::Error");
        } catch (const qs::Error& error) {
            QCOMPARE(error.location(), std::string("/no/such/dir/data.jsonl"));
            QVERIFY(!error.hint().empty());
        }
    }
};

QTEST_APPLESS_MAIN(TestDatasetImport)
#include "test_dataset_import.moc"

// A corrupted corpus: every good line still loads and every bad one is
// reported with its line number, without a crash (also run under ASan).
#include "core/data/dataset.h"

#include <QTest>

#include <map>
#include <random>

using namespace qs::data;

class TestCorruptInput : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyGoodLineLoadsEveryBadLineIsReported()
    {
        std::mt19937 random(1234);
        std::string corpus;
        std::map<long, std::string> bad; // line → what was planted
        long line = 0;
        long good = 0;
        auto addGood = [&] {
            ++line;
            ++good;
            corpus += "{\"instruction\": \"질문 " + std::to_string(line) + "\", \"output\": \"답변입니다\", \"page\": 1}\n";
        };
        auto addBad = [&](const std::string& text, const std::string& what) {
            ++line;
            corpus += text + "\n";
            bad[line] = what;
        };

        for (int round = 0; round < 3; ++round) {
            addGood();
            addBad("{\"instruction\": \"잘린 줄\", \"outp", "truncated");
            addGood();
            std::string garbage(200, '\0');
            for (char& c : garbage) {
                c = char(random() & 0xFF);
                if (c == '\n')
                    c = 'x';
            }
            addBad(garbage, "binary garbage");
            addGood();
            addBad(std::string(100000, '[') + std::string(100000, ']'), "deeply nested");
            addBad("{\"a\": " + std::string(50, '{') + std::string(50, '}') + "}", "nested, no fields");
            addGood();
            addBad("{\"instruction\": \"\xED\xA0\x80\", \"output\": \"x\"}", "invalid UTF-8 (surrogate)");
            addBad(std::string("{\"instruction\": \"nul") + '\0' + "\", \"output\": \"x\"}", "NUL byte");
            addGood();
            addBad("{\"instruction\": \"" + std::string(10 << 20, 'x') + "\", \"output\": ", "10 MB truncated line");
            addBad("\x1F\x8B\x08\x00 gzip header", "gzip bytes");
            addGood();
        }
        // A 10 MB line that is valid JSON is a good line (long answers are allowed).
        ++line;
        ++good;
        corpus += "{\"instruction\": \"긴 답\", \"output\": \"" + std::string(10 << 20, 'y') + "\"}\n";
        // Truncated final line without a newline.
        ++line;
        corpus += "{\"instruction\": \"끝";
        bad[line] = "truncated at end of file";

        const Dataset dataset = importDatasetFromBytes(corpus, "corrupt.jsonl");
        QCOMPARE(long(dataset.examples.size()), good);
        QCOMPARE(dataset.report.rejected.size(), bad.size());
        for (const RejectedRecord& rejected : dataset.report.rejected) {
            QVERIFY2(bad.count(rejected.line), qPrintable(QStringLiteral("line %1 rejected but was good: %2")
                                                              .arg(rejected.line)
                                                              .arg(QString::fromStdString(rejected.reason))));
            QVERIFY(!rejected.reason.empty());
        }
        for (const QaExample& example : dataset.examples)
            QVERIFY2(!bad.count(example.line), qPrintable(QStringLiteral("bad line %1 loaded").arg(example.line)));
        QCOMPARE(dataset.report.records, line);
    }

    void garbageAsJsonArrayAndCsvDoesNotCrash()
    {
        const std::string garbage = std::string("[") + std::string(200000, '{') + "\xFF\x00";
        const Dataset asArray = importDatasetFromBytes(garbage, "x.json");
        QCOMPARE(asArray.examples.size(), size_t(0));
        QCOMPARE(asArray.report.rejected.size(), size_t(1));
        const Dataset asCsv = importDatasetFromBytes("instruction,output\n" + std::string(1000, '"'), "x.csv");
        QCOMPARE(asCsv.examples.size(), size_t(0));
        QVERIFY(!asCsv.report.rejected.empty());
    }
};

QTEST_APPLESS_MAIN(TestCorruptInput)
#include "test_corrupt_input.moc"

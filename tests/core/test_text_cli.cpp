// `qlora tokenize` and `qlora template` as a user runs them, on the real
// Llama-3 tokenizer fetched by the test set-up.
#include "tests/support/run_cli.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using qs::test::runCli;

class TestTextCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tokenizeJson()
    {
        const auto result = runCli({"tokenize", "--tokenizer", QS_TOKENIZER_CACHE "/llama3", "--text",
                                    "안녕하세요<|eot_id|>", "--json"});
        QCOMPARE(result.exitCode, 0);
        const QJsonObject out = QJsonDocument::fromJson(result.out.toUtf8()).object();
        const QJsonArray ids = out["ids"].toArray();
        QVERIFY(ids.size() >= 2);
        QCOMPARE(ids.last().toInt(), 128009);
        QCOMPARE(out["tokens"].toArray().last().toString(), QStringLiteral("<|eot_id|>"));
    }

    void tokenizeNoSpecial()
    {
        const auto with = runCli({"tokenize", "--tokenizer", QS_TOKENIZER_CACHE "/llama2", "--text", "a", "--json"});
        const auto without = runCli({"tokenize", "--tokenizer", QS_TOKENIZER_CACHE "/llama2", "--text", "a",
                                     "--json", "--no-special"});
        const QJsonArray a = QJsonDocument::fromJson(with.out.toUtf8()).object()["ids"].toArray();
        const QJsonArray b = QJsonDocument::fromJson(without.out.toUtf8()).object()["ids"].toArray();
        QCOMPARE(a.first().toInt(), 1); // <s>
        QCOMPARE(a.size(), b.size() + 1);
    }

    void tokenizeErrors()
    {
        auto result = runCli({"tokenize", "--tokenizer", "/no/such/dir", "--text", "x"});
        QCOMPARE(result.exitCode, 1);
        QVERIFY(result.err.contains("tokenizer.json"));
        result = runCli({"tokenize", "--text", "x"});
        QVERIFY(result.err.contains("usage: qlora tokenize"));
    }

    void templateMarksTheAnswer()
    {
        const auto result = runCli({"template", "--model", QS_TOKENIZER_CACHE "/llama3", "--data", QS_DEMO_DATASET,
                                    "--show", "2", "--template", "korean"});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out.count("── line "), 2);
        QVERIFY(result.out.contains("### 답변:\n⟦"));
        QVERIFY(result.out.contains("<|end_of_text|>⟧"));
    }

    // --tokens: every example as the trainer tokenizes it, the answer's tokens
    // and its end token marked trained, one JSON line each.
    void templateWritesTheTokens()
    {
        const QTemporaryDir dir;
        const QString file = dir.filePath("tokens.jsonl");
        const auto result = runCli({"template", "--model", QS_TOKENIZER_CACHE "/llama3", "--data", QS_DEMO_DATASET,
                                    "--show", "0", "--template", "korean", "--tokens", file});
        QCOMPARE(result.exitCode, 0);
        QFile written(file);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = written.readAll().trimmed().split('\n');
        QVERIFY2(result.out.contains(QString("Wrote %1 tokenized examples").arg(lines.size())), qPrintable(result.out));
        QVERIFY(lines.size() > 100);
        for (const QByteArray& line : lines) {
            const QJsonObject example = QJsonDocument::fromJson(line).object();
            const QJsonArray ids = example["ids"].toArray();
            const QJsonArray trained = example["trained"].toArray();
            QCOMPARE(trained.size(), ids.size());
            QCOMPARE(ids.last().toInt(), 128001); // <|end_of_text|>, the korean template's end token
            QCOMPARE(trained.last().toInt(), 1);
            QCOMPARE(trained.first().toInt(), 0); // the prompt is not trained
        }
    }
};

QTEST_APPLESS_MAIN(TestTextCli)
#include "test_text_cli.moc"

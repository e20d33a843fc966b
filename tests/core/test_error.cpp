// qs::Error: the message carries what, where and a hint, each optional.
#include "core/base/error.h"

#include <QTest>
#include <cerrno>

class TestError : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void message_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("where");
        QTest::addColumn<QString>("hint");
        QTest::addColumn<QString>("expected");
        QTest::addRow("what only") << "Bad header" << "" << "" << "Bad header";
        QTest::addRow("with location") << "Bad header" << "model.safetensors" << ""
                                       << "Bad header (at model.safetensors)";
        QTest::addRow("with hint") << "Bad header" << "" << "convert the file" << "Bad header. Hint: convert the file";
        QTest::addRow("all three") << "Invalid JSON" << "data.jsonl:7" << "check the quotes"
                                   << "Invalid JSON (at data.jsonl:7). Hint: check the quotes";
        QTest::addRow("korean") << "잘못된 JSON" << "데이터.jsonl:3" << "따옴표를 확인하세요"
                                << "잘못된 JSON (at 데이터.jsonl:3). Hint: 따옴표를 확인하세요";
    }

    void message()
    {
        QFETCH(QString, what);
        QFETCH(QString, where);
        QFETCH(QString, hint);
        QFETCH(QString, expected);
        const qs::Error error(what.toStdString(), where.toStdString(), hint.toStdString());
        QCOMPARE(QString::fromStdString(error.what()), expected);
        QCOMPARE(QString::fromStdString(error.problem()), what);
        QCOMPARE(QString::fromStdString(error.location()), where);
        QCOMPARE(QString::fromStdString(error.hint()), hint);
    }

    void isCaughtAsStdException()
    {
        try {
            throw qs::Error("boom", "here");
        } catch (const std::exception& error) {
            QCOMPARE(QString::fromUtf8(error.what()), QStringLiteral("boom (at here)"));
            return;
        }
        QFAIL("qs::Error was not caught as std::exception");
    }

    void fileLocation() { QCOMPARE(qs::fileLocation("a/b.jsonl", 42), std::string("a/b.jsonl:42")); }

    void systemErrorText()
    {
        QCOMPARE(qs::systemErrorText(ENOENT), std::string("No such file or directory"));
        QVERIFY(!qs::systemErrorText(ENOSPC).empty());
    }
};

QTEST_APPLESS_MAIN(TestError)
#include "test_error.moc"

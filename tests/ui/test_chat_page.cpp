// The Chat page as a user drives it, on the tiny Llama-3-style fixture and its
// PEFT adapter: Load, ask in compare mode (base and tuned answers stream side
// by side from one loaded model), Stop, and the evaluation table with scores.
#include "tests/support/model_reference.h"
#include "ui/pages/chat_page.h"

#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

using namespace qs::ui;

class TestChatPage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void compareAnswersAndEvaluate()
    {
        ChatPage page;
        page.show();
        page.setModelFolder(QString::fromStdString((qs::test::modelFixtures() / "llama3").string()));
        page.setAdapterFolder(QString::fromStdString((qs::test::modelFixtures() / "llama3-adapter").string()));
        page.loadModel();
        QTRY_VERIFY_WITH_TIMEOUT(page.isLoaded() && !page.isBusy(), 30000);
        auto* compare = page.findChild<QCheckBox*>(QStringLiteral("compareMode"));
        QVERIFY(compare->isEnabled());
        compare->setChecked(true);

        page.ask(QStringLiteral("신입 직원 보안 교육은 며칠인가요?"));
        QVERIFY(page.isBusy());
        QTRY_VERIFY_WITH_TIMEOUT(!page.isBusy(), 60000);
        QVERIFY(!page.answerText(0).isEmpty());
        QVERIFY(!page.answerText(1).isEmpty());
        QVERIFY(page.answerText(0) != page.answerText(1)); // the adapter changes the answer
        for (const char* name : {"transcript", "tunedTranscript"}) {
            const QString shown = page.findChild<QTextBrowser*>(QString::fromLatin1(name))->toPlainText();
            QVERIFY(shown.contains(QStringLiteral("신입 직원 보안 교육은 며칠인가요?")));
        }

        // Stop ends a long answer early.
        page.ask(QStringLiteral("보안 교육은 어디에서 하나요?"));
        page.stop();
        QTRY_VERIFY_WITH_TIMEOUT(!page.isBusy(), 60000);

        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("eval.jsonl"));
        QFile file(data);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"instruction": "교육은 며칠인가요?", "output": "1일입니다."})" "\n"
                   R"({"instruction": "수강료는 얼마인가요?", "output": "무료입니다."})" "\n"
                   R"({"instruction": "어디에서 하나요?", "output": "서울 교육센터에서 합니다."})" "\n");
        file.close();
        page.setEvalDataPath(data);
        page.runEvaluation();
        QTRY_VERIFY_WITH_TIMEOUT(!page.isBusy(), 60000);
        QTableWidget* table = page.evaluationTable();
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->findItems(QStringLiteral("1일입니다."), Qt::MatchExactly).size(), 1);
        table->sortItems(5, Qt::DescendingOrder); // tuned F1, as numbers
        QVERIFY(table->item(0, 5)->data(Qt::UserRole).toDouble() >= table->item(2, 5)->data(Qt::UserRole).toDouble());
        QVERIFY(page.findChild<QLabel*>(QStringLiteral("evaluationSummary"))->text().contains(QStringLiteral("F1")));
    }
};

QTEST_MAIN(TestChatPage)
#include "test_chat_page.moc"

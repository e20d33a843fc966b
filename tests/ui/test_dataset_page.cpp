// The Dataset page as a user drives it: open a file (loaded on the worker
// thread), table and histogram, search, duplicate review, closing with unsaved
// changes asks, and autosave restores the work.
#include "core/base/atomic_file.h"
#include "core/text/bpe_trainer.h"
#include "ui/dataset/dataset_document.h"
#include "ui/dataset/example_table_model.h"
#include "ui/dataset/duplicate_review_dialog.h"
#include "ui/dataset/example_filter_proxy.h"
#include "ui/dataset/length_histogram.h"
#include "ui/pages/dataset_page.h"

#include <QApplication>
#include <QDir>
#include <QSpinBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using qs::ui::DatasetPage;

namespace {

const QByteArray kLines =
    "{\"instruction\": \"교육센터 주소는 어디인가요?\", \"output\": \"서울 영등포구입니다.\"}\n"
    "{\"instruction\": \"교육센터  주소는 어디인가요\", \"output\": \"서울특별시 영등포구 여의대로 88입니다.\"}\n"
    "broken line\n"
    "{\"instruction\": \"주차는 무료인가요?\", \"output\": \"두 시간까지 무료입니다.\"}\n";

// Clicks `button` of the next message box that opens (it is modal).
void answerNextMessageBox(QMessageBox::StandardButton button)
{
    QTimer::singleShot(0, [button] {
        for (QWidget* widget : QApplication::topLevelWidgets())
            if (auto* box = qobject_cast<QMessageBox*>(widget); box && box->isVisible())
                box->button(button)->click();
    });
}

} // namespace

class TestDatasetPage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setApplicationName(QStringLiteral("test_dataset_page"));
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("데이터.jsonl"));
        QFile file(m_path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(kLines);
    }

    void init() { QFile::remove(DatasetPage::autosavePath()); }

    void opensOnTheWorkerThread()
    {
        DatasetPage page;
        QSignalSpy opened(&page, &DatasetPage::datasetOpened);
        page.openDataset(m_path);
        QVERIFY(opened.wait(10000));
        QCOMPARE(page.datasetPath(), m_path);
        QCOMPARE(page.table()->model()->rowCount(), 3);
        QCOMPARE(page.document().importReport().rejected.size(), size_t(1));
        auto* histogram = page.findChild<qs::ui::LengthHistogram*>();
        double total = 0;
        for (const double count : histogram->answerCounts())
            total += count;
        QCOMPARE(total, 3.0);
    }

    void loadErrorIsShownInThePage()
    {
        DatasetPage page;
        QSignalSpy failed(&page, &DatasetPage::loadFailed);
        page.openDataset(m_dir.filePath(QStringLiteral("없음.jsonl")));
        QVERIFY(failed.wait(10000));
        QVERIFY(page.findChild<QLabel*>(QStringLiteral("datasetFileLabel"))->text().contains("Cannot open"));
    }

    void searchFiltersTheTable()
    {
        DatasetPage page;
        QSignalSpy opened(&page, &DatasetPage::datasetOpened);
        page.openDataset(m_path);
        QVERIFY(opened.wait(10000));
        page.findChild<QLineEdit*>(QStringLiteral("searchEdit"))->setText(QStringLiteral("주차"));
        QTRY_COMPARE(page.table()->model()->rowCount(), 1); // after the typing pause
    }

    void duplicateReviewKeepsTheSuggestion()
    {
        DatasetPage page;
        QSignalSpy opened(&page, &DatasetPage::datasetOpened);
        page.openDataset(m_path);
        QVERIFY(opened.wait(10000));
        QVERIFY(!page.document().duplicates().empty());
        qs::ui::DuplicateReviewDialog dialog(page.document());
        dialog.selectGroup(0);
        dialog.findChild<QPushButton*>(QStringLiteral("keepSuggestedButton"))->click();
        QCOMPARE(page.document().deletedCount(), 1);
        QVERIFY(!page.document().isDeleted(1)); // the longer answer stays
        page.document().undoStack()->undo();
        QCOMPARE(page.document().deletedCount(), 0);
    }

    void closingWithChangesAsks()
    {
        DatasetPage page;
        QSignalSpy opened(&page, &DatasetPage::datasetOpened);
        page.openDataset(m_path);
        QVERIFY(opened.wait(10000));
        QVERIFY(page.maybeSave()); // nothing changed: no question
        page.document().setDeleted({0}, true);
        answerNextMessageBox(QMessageBox::Cancel);
        QVERIFY(!page.maybeSave());
        answerNextMessageBox(QMessageBox::Discard);
        QVERIFY(page.maybeSave());
    }

    void tokenCountsFromAModel()
    {
        // A model folder with a tokenizer trained on the spot (byte-level BPE).
        const QString model = m_dir.filePath(QStringLiteral("model"));
        QDir().mkpath(model);
        qs::text::BpeTrainerOptions options;
        options.vocabSize = 400;
        qs::writeFileAtomically((model + "/tokenizer.json").toStdString(),
                                qs::text::trainByteLevelBpe({"교육센터 주소는 어디인가요? 서울 영등포구입니다."}, options));
        qs::writeFileAtomically((model + "/tokenizer_config.json").toStdString(),
                                R"({"bos_token": "<|begin_of_text|>", "eos_token": "<|end_of_text|>"})");
        DatasetPage page;
        QSignalSpy opened(&page, &DatasetPage::datasetOpened);
        page.openDataset(m_path);
        QVERIFY(opened.wait(10000));
        QSignalSpy counted(&page, &DatasetPage::tokensCounted);
        page.useModelForTokens(model);
        QVERIFY(counted.wait(10000));
        QVERIFY(page.document().hasTokenCounts());
        const int tokens = page.document().tokenCount(0);
        QVERIFY(tokens > 10);
        QCOMPARE(page.table()->model()->data(page.table()->model()->index(0, qs::ui::ExampleTableModel::TokensColumn)).toInt(),
                 tokens);
        QCOMPARE(page.document().countWithFinding(qs::data::Check::TooLong), 0); // max_seq_len 2048
        page.findChild<QSpinBox*>(QStringLiteral("maxSeqLen"))->setValue(32);
        QVERIFY(page.document().countWithFinding(qs::data::Check::TooLong) > 0);
        // An edit re-counts the example.
        page.document().editText(0, qs::data::Field::Output, "짧음");
        QVERIFY(page.document().tokenCount(0) < tokens);
    }

    void autosaveRestoresUnsavedWork()
    {
        {
            DatasetPage page;
            QSignalSpy opened(&page, &DatasetPage::datasetOpened);
            page.openDataset(m_path);
            QVERIFY(opened.wait(10000));
            page.document().editText(2, qs::data::Field::Output, "주차는 무료가 아닙니다.");
            page.autosaveNow();
            QVERIFY(QFile::exists(DatasetPage::autosavePath()));
        } // the page goes away without saving, as in a crash
        DatasetPage restored;
        QSignalSpy opened(&restored, &DatasetPage::datasetOpened);
        restored.restoreAutosave();
        QVERIFY(opened.wait(10000));
        QCOMPARE(restored.document().example(2).output, std::string("주차는 무료가 아닙니다."));
        QVERIFY(restored.document().isModified());
        QCOMPARE(restored.datasetPath(), m_path);
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
};

QTEST_MAIN(TestDatasetPage)
#include "test_dataset_page.moc"

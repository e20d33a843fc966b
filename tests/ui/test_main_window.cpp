// The main window as a user meets it, offscreen: pages, navigation, status bar,
// language switching, remembered geometry and recent files, drag-and-drop.
#include "core/hw/compute_device.h"
#include "ui/language.h"
#include "ui/main_window.h"
#include "ui/pages/dataset_page.h"
#include "ui/recent_files.h"

#include <QApplication>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMimeData>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using qs::ui::MainWindow;

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // settings go to ~/.qttest, not the user's
        QCoreApplication::setOrganizationName(QStringLiteral("QLoRA Studio Test"));
        QCoreApplication::setApplicationName(QStringLiteral("test_main_window"));
        QVERIFY(m_dir.isValid());
        m_dataset = m_dir.filePath(QStringLiteral("질문답변.jsonl"));
        QFile file(m_dataset);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"instruction\": \"질문\", \"output\": \"답변\"}\n");
    }

    void init()
    {
        QSettings().clear();
        m_language.apply(QStringLiteral("en"));
        QCoreApplication::processEvents();
    }

    void hasTheFourPages()
    {
        MainWindow window(m_language);
        auto* pages = window.findChild<QStackedWidget*>(QStringLiteral("pages"));
        auto* navigation = window.findChild<QListWidget*>(QStringLiteral("navigation"));
        QVERIFY(pages && navigation);
        QCOMPARE(pages->count(), int(MainWindow::PageCount));
        QCOMPARE(navigation->count(), int(MainWindow::PageCount));
        const QStringList objectNames = {"datasetPage", "trainPage", "chatPage", "runsPage"};
        const QStringList labels = {"Dataset", "Train", "Chat", "Runs"};
        for (int page = 0; page < MainWindow::PageCount; ++page) {
            QCOMPARE(pages->widget(page)->objectName(), objectNames[page]);
            QCOMPARE(navigation->item(page)->text(), labels[page]);
        }
        QCOMPARE(window.currentPage(), int(MainWindow::DatasetPageIndex));
    }

    void navigationSwitchesPages()
    {
        MainWindow window(m_language);
        auto* navigation = window.findChild<QListWidget*>(QStringLiteral("navigation"));
        auto* pages = window.findChild<QStackedWidget*>(QStringLiteral("pages"));
        navigation->setCurrentRow(MainWindow::ChatPageIndex);
        QCOMPARE(pages->currentWidget()->objectName(), QStringLiteral("chatPage"));
        window.showPage(MainWindow::RunsPageIndex);
        QCOMPARE(pages->currentWidget()->objectName(), QStringLiteral("runsPage"));
        QCOMPARE(navigation->currentRow(), int(MainWindow::RunsPageIndex));
    }

    void menusExist()
    {
        MainWindow window(m_language);
        QStringList titles;
        for (QAction* action : window.menuBar()->actions())
            titles << action->text();
        QCOMPARE(titles, QStringList({"&File", "&View", "&Help"}));
    }

    void statusBarShowsComputeDevice()
    {
        MainWindow window(m_language);
        auto* label = window.findChild<QLabel*>(QStringLiteral("deviceLabel"));
        QVERIFY(label);
        const bool cuda = qs::hw::probeComputeDevice().kind == qs::hw::DeviceKind::Cuda;
        QVERIFY2(label->text().startsWith(cuda ? QStringLiteral("Device: CUDA") : QStringLiteral("Device: CPU")),
                 qPrintable(label->text()));
    }

    void switchesLanguageAtRunTime()
    {
        MainWindow window(m_language);
        auto* navigation = window.findChild<QListWidget*>(QStringLiteral("navigation"));
        window.setLanguage(QStringLiteral("ko"));
        QCoreApplication::processEvents(); // LanguageChange is posted
        QCOMPARE(m_language.active(), QStringLiteral("ko"));
        QCOMPARE(navigation->item(MainWindow::DatasetPageIndex)->text(), QStringLiteral("데이터셋"));
        QCOMPARE(navigation->item(MainWindow::TrainPageIndex)->text(), QStringLiteral("학습"));
        QCOMPARE(window.menuBar()->actions().first()->text(), QStringLiteral("파일(&F)"));
        auto* label = window.findChild<QLabel*>(QStringLiteral("deviceLabel"));
        QVERIFY2(label->text().startsWith(QStringLiteral("장치:")), qPrintable(label->text()));
        QCOMPARE(QSettings().value(QStringLiteral("ui/language")).toString(), QStringLiteral("ko"));

        window.setLanguage(QStringLiteral("en"));
        QCoreApplication::processEvents();
        QCOMPARE(navigation->item(MainWindow::DatasetPageIndex)->text(), QStringLiteral("Dataset"));
    }

    void unknownChoiceFallsBackToSystemLanguage()
    {
        QCOMPARE(m_language.apply(QStringLiteral("no-such-language")), qs::ui::UiLanguage::systemLanguage());
    }

    void fitsA1024x768Screen()
    {
        MainWindow window(m_language);
        const QSize minimum = window.minimumSizeHint();
        QVERIFY2(minimum.height() <= 700 && minimum.width() <= 1024,
                 qPrintable(QStringLiteral("minimum size %1x%2").arg(minimum.width()).arg(minimum.height())));
    }

    void remembersGeometry()
    {
        {
            MainWindow window(m_language);
            window.show();
            window.resize(1000, 700);
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.close();
        }
        MainWindow restored(m_language);
        QCOMPARE(restored.size(), QSize(1000, 700));
    }

    void openingADatasetRemembersIt()
    {
        MainWindow window(m_language);
        window.showPage(MainWindow::ChatPageIndex);
        QSignalSpy opened(window.datasetPage(), &qs::ui::DatasetPage::datasetOpened);
        window.openDataset(m_dataset);
        QVERIFY(opened.wait(10000)); // loading runs on the page's worker thread
        QCOMPARE(window.currentPage(), int(MainWindow::DatasetPageIndex));
        QCOMPARE(window.datasetPage()->datasetPath(), m_dataset);
        QCOMPARE(qs::ui::RecentFiles::datasets(), QStringList({m_dataset}));
        auto* fileLabel = window.findChild<QLabel*>(QStringLiteral("datasetFileLabel"));
        QVERIFY2(fileLabel->text().contains(QStringLiteral("질문답변.jsonl")), qPrintable(fileLabel->text()));
    }

    void missingFileIsReportedNotOpened()
    {
        MainWindow window(m_language);
        window.openDataset(m_dir.filePath(QStringLiteral("없는파일.jsonl")));
        QVERIFY(window.datasetPage()->datasetPath().isEmpty());
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("does not exist")));
        QVERIFY(qs::ui::RecentFiles::datasets().isEmpty());
    }

    void recentListIsNewestFirstAndBounded()
    {
        for (int i = 0; i < qs::ui::RecentFiles::kMaxEntries + 3; ++i)
            qs::ui::RecentFiles::addDataset(QStringLiteral("/data/%1.jsonl").arg(i));
        qs::ui::RecentFiles::addDataset(QStringLiteral("/data/5.jsonl"));
        const QStringList recent = qs::ui::RecentFiles::datasets();
        QCOMPARE(recent.size(), qs::ui::RecentFiles::kMaxEntries);
        QCOMPARE(recent.first(), QStringLiteral("/data/5.jsonl"));
        QCOMPARE(recent.count(QStringLiteral("/data/5.jsonl")), 1);
    }

    void dropOpensJsonl()
    {
        MainWindow window(m_language);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(m_dataset)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QSignalSpy opened(window.datasetPage(), &qs::ui::DatasetPage::datasetOpened);
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QVERIFY(opened.wait(10000));
        QCOMPARE(window.datasetPage()->datasetPath(), m_dataset);
    }

    void dropRefusesOtherFiles()
    {
        MainWindow window(m_language);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(m_dir.filePath(QStringLiteral("picture.png")))});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        enter.setAccepted(false);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(!enter.isAccepted());
    }

private:
    qs::ui::UiLanguage m_language;
    QTemporaryDir m_dir;
    QString m_dataset;
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"

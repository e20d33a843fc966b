#include "ui/main_window.h"

#include "core/base/build_info.h"
#include "ui/language.h"
#include "ui/pages/chat_page.h"
#include "ui/pages/dataset_page.h"
#include "ui/pages/runs_page.h"
#include "ui/pages/train_page.h"
#include "ui/recent_files.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>

namespace qs::ui {
namespace {

const QString kGeometryKey = QStringLiteral("window/geometry");
const QString kStateKey = QStringLiteral("window/state");
const QString kLanguageKey = QStringLiteral("ui/language");
const QString kLastFolderKey = QStringLiteral("recent/lastFolder");

// The first local dataset file among dropped URLs, or an empty string.
QString droppedDataset(const QMimeData* mime)
{
    if (!mime || !mime->hasUrls())
        return {};
    for (const QUrl& url : mime->urls()) {
        if (url.isLocalFile() && DatasetPage::isDatasetFile(url.toLocalFile()))
            return url.toLocalFile();
    }
    return {};
}

} // namespace

MainWindow::MainWindow(UiLanguage& language, QWidget* parent)
    : QMainWindow(parent)
    , m_language(language)
    , m_device(hw::probeComputeDevice())
    , m_hardware(hw::probeHardware())
{
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    setWindowIcon(QIcon(QStringLiteral(":/icons/qlora-studio.png")));

    createPages();
    createMenus();
    m_deviceLabel = new QLabel(this);
    m_deviceLabel->setObjectName(QStringLiteral("deviceLabel"));
    statusBar()->addPermanentWidget(m_deviceLabel);

    retranslateUi();
    restoreWindowState();
}

void MainWindow::createPages()
{
    m_navigation = new QListWidget(this);
    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setFixedWidth(130);
    m_navigation->setStyleSheet(QStringLiteral("QListWidget#navigation::item { padding: 10px 8px; }"));
    m_pages = new QStackedWidget(this);
    m_pages->setObjectName(QStringLiteral("pages"));

    m_datasetPage = new DatasetPage(m_pages);
    m_trainPage = new TrainPage(m_hardware, m_pages);
    m_chatPage = new ChatPage(m_pages);
    m_runsPage = new RunsPage(m_pages);
    m_trainPage->setObjectName(QStringLiteral("trainPage"));
    m_chatPage->setObjectName(QStringLiteral("chatPage"));
    m_runsPage->setObjectName(QStringLiteral("runsPage"));
    m_runsPage->setRunsFolder(m_trainPage->runsFolder());

    for (QWidget* page : {static_cast<QWidget*>(m_datasetPage), static_cast<QWidget*>(m_trainPage),
                          static_cast<QWidget*>(m_chatPage), static_cast<QWidget*>(m_runsPage)}) {
        m_pages->addWidget(page);
        m_navigation->addItem(new QListWidgetItem(m_navigation));
    }
    connect(m_navigation, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);
    connect(m_datasetPage, &DatasetPage::openRequested, this, &MainWindow::chooseDataset);
    connect(m_datasetPage, &DatasetPage::modifiedChanged, this, &QWidget::setWindowModified);
    connect(m_datasetPage, &DatasetPage::datasetOpened, m_trainPage, &TrainPage::setDatasetPath);
    connect(m_trainPage, &TrainPage::runFinished, m_runsPage, [this](const QString& run) {
        m_runsPage->setRunsFolder(m_trainPage->runsFolder());
        // The finished run is what the user wants to talk to next.
        m_chatPage->setModelFolder(m_trainPage->options().model.c_str());
        m_chatPage->setAdapterFolder(run + QStringLiteral("/adapter"));
    });
    connect(m_runsPage, &RunsPage::resumeRequested, this, [this](const QString& run) {
        showPage(TrainPageIndex);
        m_trainPage->resumeRun(run);
    });
    m_navigation->setCurrentRow(DatasetPageIndex);

    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->addWidget(m_navigation);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);
}

void MainWindow::createMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_openAction = m_fileMenu->addAction(QString(), this, &MainWindow::chooseDataset);
    m_openAction->setShortcut(QKeySequence::Open);
    m_recentMenu = m_fileMenu->addMenu(QString());
    m_fileMenu->addSeparator();
    m_quitAction = m_fileMenu->addAction(QString(), this, &QWidget::close);
    m_quitAction->setShortcut(QKeySequence::Quit);

    m_viewMenu = menuBar()->addMenu(QString());
    for (int page = 0; page < PageCount; ++page) {
        QAction* action = m_viewMenu->addAction(QString(), this, [this, page] { showPage(page); });
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + page)));
        m_pageActions.append(action);
    }
    m_viewMenu->addSeparator();
    m_languageMenu = m_viewMenu->addMenu(QString());
    m_languageGroup = new QActionGroup(this);
    const QString chosen = QSettings().value(kLanguageKey, kLanguageSystem).toString();
    for (const QString& choice : UiLanguage::choices()) {
        QAction* action = m_languageMenu->addAction(QString());
        action->setData(choice);
        action->setCheckable(true);
        action->setChecked(choice == chosen);
        m_languageGroup->addAction(action);
        connect(action, &QAction::triggered, this, [this, choice] { setLanguage(choice); });
    }

    m_helpMenu = menuBar()->addMenu(QString());
    m_aboutAction = m_helpMenu->addAction(QString(), this, [this] {
        const BuildInfo info = buildInfo();
        QMessageBox::about(this, tr("About QLoRA Studio"),
                           tr("<h3>QLoRA Studio %1</h3><p>Fine-tune language models on your own question–answer "
                              "data with (Q)LoRA, on your own GPU.</p><p>libtorch %2</p>")
                               .arg(QString::fromStdString(info.programVersion),
                                    QString::fromStdString(info.torchVersion)));
    });
    m_aboutQtAction = m_helpMenu->addAction(QString(), qApp, &QApplication::aboutQt);
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = RecentFiles::datasets();
    for (const QString& path : recent)
        m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] { openDataset(path); })
            ->setToolTip(path);
    if (!recent.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("Clear list"), this, [this] {
            RecentFiles::clear();
            rebuildRecentMenu();
        });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::retranslateUi()
{
    setWindowTitle(tr("QLoRA Studio") + QStringLiteral("[*]"));
    const QStringList pageNames = {tr("Dataset"), tr("Train"), tr("Chat"), tr("Runs")};
    for (int page = 0; page < PageCount; ++page) {
        m_navigation->item(page)->setText(pageNames[page]);
        m_pageActions[page]->setText(pageNames[page]);
    }

    m_fileMenu->setTitle(tr("&File"));
    m_openAction->setText(tr("&Open Dataset…"));
    m_recentMenu->setTitle(tr("Open &Recent"));
    m_quitAction->setText(tr("&Quit"));
    m_viewMenu->setTitle(tr("&View"));
    m_languageMenu->setTitle(tr("&Language"));
    for (QAction* action : m_languageGroup->actions()) {
        const QString choice = action->data().toString();
        // Language names are written in their own language, so anyone can find theirs.
        action->setText(choice == kLanguageSystem ? tr("System default")
                        : choice == QLatin1String("ko") ? QStringLiteral("한국어")
                                                        : QStringLiteral("English"));
    }
    m_helpMenu->setTitle(tr("&Help"));
    m_aboutAction->setText(tr("&About QLoRA Studio"));
    m_aboutQtAction->setText(tr("About &Qt"));
    rebuildRecentMenu();

    QString device = m_device.kind == hw::DeviceKind::Cuda
                         ? tr("Device: CUDA, %n GPU(s)", nullptr, m_device.cudaDeviceCount)
                         : tr("Device: CPU, %n thread(s)", nullptr, m_device.cpuThreads);
    if (m_hardware.gpus.empty()) {
        device += tr(" · %1 cores, %2 GiB RAM · no NVIDIA GPU")
                      .arg(m_hardware.cpuCores)
                      .arg(double(m_hardware.ramBytes) / double(int64_t(1) << 30), 0, 'f', 1);
    } else {
        const hw::GpuInfo& gpu = m_hardware.gpus.front();
        device += tr(" · %1, %2 GiB, compute %3.%4")
                      .arg(QString::fromStdString(gpu.name))
                      .arg(double(gpu.totalBytes) / double(int64_t(1) << 30), 0, 'f', 1)
                      .arg(gpu.major)
                      .arg(gpu.minor);
    }
    m_deviceLabel->setText(device);
    m_deviceLabel->setToolTip(QString::fromStdString(m_hardware.nvmlProblem.empty()
                                                         ? "NVML driver " + m_hardware.driverVersion
                                                         : m_hardware.nvmlProblem));
}

void MainWindow::restoreWindowState()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray()))
        resize(1100, 720);
    restoreState(settings.value(kStateKey).toByteArray());
}

int MainWindow::currentPage() const
{
    return m_pages->currentIndex();
}

void MainWindow::showPage(int page)
{
    m_navigation->setCurrentRow(page);
}

void MainWindow::openDataset(const QString& path)
{
    if (!QFileInfo(path).isFile()) {
        statusBar()->showMessage(tr("Cannot open %1: the file does not exist.").arg(path), 8000);
        return;
    }
    if (!m_datasetPage->maybeSave())
        return;
    m_datasetPage->openDataset(path);
    RecentFiles::addDataset(path);
    QSettings().setValue(kLastFolderKey, QFileInfo(path).absolutePath());
    rebuildRecentMenu();
    showPage(DatasetPageIndex);
}

void MainWindow::chooseDataset()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Dataset"), QSettings().value(kLastFolderKey).toString(),
        tr("Question–answer data (*.jsonl *.json *.csv);;All files (*)"));
    if (!path.isEmpty())
        openDataset(path);
}

void MainWindow::setLanguage(const QString& choice)
{
    QSettings().setValue(kLanguageKey, choice);
    for (QAction* action : m_languageGroup->actions())
        action->setChecked(action->data().toString() == choice);
    m_language.apply(choice); // translators post LanguageChange; retranslateUi follows
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!m_datasetPage->maybeSave()) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    QMainWindow::closeEvent(event);
}

void MainWindow::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (!droppedDataset(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QString path = droppedDataset(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    openDataset(path);
}

} // namespace qs::ui

// The main window: navigation between the Dataset, Train, Chat and Runs pages,
// menus, a status bar showing the compute device, drag-and-drop of datasets,
// and window geometry / recent files / language kept in QSettings.
#pragma once

#include "core/hw/compute_device.h"
#include "core/hw/gpu_probe.h"

#include <QMainWindow>

class QActionGroup;
class QLabel;
class QListWidget;
class QMenu;
class QStackedWidget;

namespace qs::ui {

class ChatPage;
class DatasetPage;
class RunsPage;
class TrainPage;
class UiLanguage;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum Page { DatasetPageIndex = 0, TrainPageIndex, ChatPageIndex, RunsPageIndex, PageCount };

    explicit MainWindow(UiLanguage& language, QWidget* parent = nullptr);

    int currentPage() const;
    DatasetPage* datasetPage() const { return m_datasetPage; }
    TrainPage* trainPage() const { return m_trainPage; }
    ChatPage* chatPage() const { return m_chatPage; }
    RunsPage* runsPage() const { return m_runsPage; }

public Q_SLOTS:
    void showPage(int page);
    void openDataset(const QString& path);
    void chooseDataset();
    void setLanguage(const QString& choice);

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createPages();
    void createMenus();
    void rebuildRecentMenu();
    void retranslateUi();
    void restoreWindowState();

    UiLanguage& m_language;
    hw::ComputeDevice m_device;
    hw::HardwareInfo m_hardware;
    QListWidget* m_navigation = nullptr;
    QStackedWidget* m_pages = nullptr;
    DatasetPage* m_datasetPage = nullptr;
    TrainPage* m_trainPage = nullptr;
    ChatPage* m_chatPage = nullptr;
    RunsPage* m_runsPage = nullptr;
    QLabel* m_deviceLabel = nullptr;

    QMenu* m_fileMenu = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_languageMenu = nullptr;
    QMenu* m_helpMenu = nullptr;
    QAction* m_openAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QAction* m_aboutQtAction = nullptr;
    QActionGroup* m_languageGroup = nullptr;
    QList<QAction*> m_pageActions;
};

} // namespace qs::ui

// The Runs page: the runs in the runs folder, read from their run folders
// (status, steps, last loss and eval loss, adapter), their loss curves overlaid
// for the selected runs, and Resume for a run that stopped.
#pragma once

#include <QWidget>

class QCustomPlot;
class QLabel;
class QPushButton;
class QTableWidget;

namespace qs::ui {

class RunsPage : public QWidget {
    Q_OBJECT
public:
    explicit RunsPage(QWidget* parent = nullptr);

    void setRunsFolder(const QString& folder);
    int runCount() const;
    int curveCount() const;

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void resumeRequested(const QString& runFolder);

protected:
    void changeEvent(QEvent* event) override;

private:
    void showSelectedCurves();
    QString selectedRun() const;
    void retranslateUi();

    QString m_runsFolder;
    QLabel* m_title = nullptr;
    QLabel* m_folderLabel = nullptr;
    QTableWidget* m_table = nullptr;
    QCustomPlot* m_plot = nullptr;
    QPushButton* m_refresh = nullptr;
    QPushButton* m_resume = nullptr;
    QPushButton* m_open = nullptr;
};

} // namespace qs::ui

// Dataset page: where a JSONL / JSON / CSV question–answer file is opened and,
// with the dataset studio, reviewed and cleaned.
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace qs::ui {

class DatasetPage : public QWidget {
    Q_OBJECT
public:
    explicit DatasetPage(QWidget* parent = nullptr);

    static bool isDatasetFile(const QString& path);
    QString datasetPath() const { return m_path; }

public Q_SLOTS:
    void openDataset(const QString& path);

Q_SIGNALS:
    void openRequested();
    void datasetOpened(const QString& path);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    QLabel* m_title = nullptr;
    QLabel* m_hint = nullptr;
    QLabel* m_fileLabel = nullptr;
    QPushButton* m_openButton = nullptr;
    QString m_path;
};

} // namespace qs::ui

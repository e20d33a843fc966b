// What the import did: how many examples loaded, every rejected line with its
// reason, and the automatic fixes on offer with how many examples each touches.
#pragma once

#include <QTimer>
#include <QWidget>

class QLabel;
class QListWidget;
class QVBoxLayout;

namespace qs::ui {

class DatasetDocument;

class ImportReportView : public QWidget {
    Q_OBJECT
public:
    explicit ImportReportView(DatasetDocument& document, QWidget* parent = nullptr);

protected:
    void changeEvent(QEvent* event) override;

private:
    void refresh();

    DatasetDocument& m_document;
    QLabel* m_summary = nullptr;
    QLabel* m_rejectedLabel = nullptr;
    QListWidget* m_rejected = nullptr;
    QLabel* m_fixesLabel = nullptr;
    QWidget* m_fixes = nullptr;
    QVBoxLayout* m_fixesLayout = nullptr;
    QTimer m_refreshTimer;
};

} // namespace qs::ui

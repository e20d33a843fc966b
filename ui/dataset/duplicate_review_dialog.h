// Review of duplicate groups: the members side by side with their differences
// from the suggested keeper highlighted; per group keep the suggestion, merge
// (choose which example stays and whose question and answer it takes) or
// skip; or accept every suggestion at once. Everything is undoable.
#pragma once

#include <QDialog>
#include <vector>

class QButtonGroup;
class QDoubleSpinBox;
class QHBoxLayout;
class QLabel;
class QListWidget;
class QPushButton;

namespace qs::ui {

class DatasetDocument;

class DuplicateReviewDialog : public QDialog {
    Q_OBJECT
public:
    explicit DuplicateReviewDialog(DatasetDocument& document, QWidget* parent = nullptr);

    int currentGroup() const;
    void selectGroup(int group);

Q_SIGNALS:
    void rescanRequested(double threshold);

private:
    void reloadGroups();
    void showGroup(int group);
    void keepSuggested();
    void mergeSelected();
    void skip();
    void markAndAdvance(int group, const QString& status);
    QString groupTitle(int group) const;

    DatasetDocument& m_document;
    std::vector<QString> m_status;
    QListWidget* m_groups = nullptr;
    QWidget* m_cards = nullptr;
    QHBoxLayout* m_cardsLayout = nullptr;
    QLabel* m_hint = nullptr;
    QButtonGroup* m_keepChoice = nullptr;
    QButtonGroup* m_questionChoice = nullptr;
    QButtonGroup* m_answerChoice = nullptr;
    QDoubleSpinBox* m_threshold = nullptr;
    QPushButton* m_keep = nullptr;
    QPushButton* m_merge = nullptr;
    QPushButton* m_skip = nullptr;
};

} // namespace qs::ui

// Editor of the selected example: its texts, its findings with a Fix button
// each, and delete/restore. Changes go to the document's undo stack.
#pragma once

#include <QWidget>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace qs::ui {

class DatasetDocument;

class ExampleEditor : public QWidget {
    Q_OBJECT
public:
    explicit ExampleEditor(DatasetDocument& document, QWidget* parent = nullptr);

    int row() const { return m_row; }

public Q_SLOTS:
    void showExample(int row); // -1: nothing selected

protected:
    void changeEvent(QEvent* event) override;

private:
    void reload();
    void applyEdits();
    void retranslateUi();

    DatasetDocument& m_document;
    int m_row = -1;
    QLabel* m_heading = nullptr;
    QLabel* m_questionLabel = nullptr;
    QLabel* m_inputLabel = nullptr;
    QLabel* m_answerLabel = nullptr;
    QLabel* m_findingsLabel = nullptr;
    QPlainTextEdit* m_question = nullptr;
    QPlainTextEdit* m_input = nullptr;
    QPlainTextEdit* m_answer = nullptr;
    QListWidget* m_findings = nullptr;
    QPushButton* m_apply = nullptr;
    QPushButton* m_fix = nullptr;
    QPushButton* m_delete = nullptr;
};

} // namespace qs::ui

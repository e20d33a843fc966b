#include "ui/dataset/example_editor.h"

#include "ui/dataset/check_labels.h"
#include "ui/dataset/dataset_document.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace qs::ui {
namespace {

// The finding an item of the findings list stands for: its index in document.findings(row).
constexpr int kFindingIndexRole = Qt::UserRole + 1;

} // namespace

ExampleEditor::ExampleEditor(DatasetDocument& document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_heading(new QLabel(this))
    , m_questionLabel(new QLabel(this))
    , m_inputLabel(new QLabel(this))
    , m_answerLabel(new QLabel(this))
    , m_findingsLabel(new QLabel(this))
    , m_question(new QPlainTextEdit(this))
    , m_input(new QPlainTextEdit(this))
    , m_answer(new QPlainTextEdit(this))
    , m_findings(new QListWidget(this))
    , m_apply(new QPushButton(this))
    , m_fix(new QPushButton(this))
    , m_delete(new QPushButton(this))
{
    setObjectName(QStringLiteral("exampleEditor"));
    m_question->setObjectName(QStringLiteral("questionEdit"));
    m_answer->setObjectName(QStringLiteral("answerEdit"));
    m_apply->setObjectName(QStringLiteral("applyEditButton"));
    m_fix->setObjectName(QStringLiteral("fixFindingButton"));
    m_findings->setObjectName(QStringLiteral("findingsList"));
    QFont bold = m_heading->font();
    bold.setBold(true);
    m_heading->setFont(bold);
    m_question->setTabChangesFocus(true);
    m_input->setTabChangesFocus(true);
    m_answer->setTabChangesFocus(true);
    m_input->setMaximumHeight(50);
    m_findings->setMaximumHeight(90);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_apply);
    buttons->addWidget(m_delete);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_heading);
    layout->addWidget(m_questionLabel);
    layout->addWidget(m_question, 1);
    layout->addWidget(m_inputLabel);
    layout->addWidget(m_input);
    layout->addWidget(m_answerLabel);
    layout->addWidget(m_answer, 2);
    layout->addLayout(buttons);
    layout->addWidget(m_findingsLabel);
    layout->addWidget(m_findings);
    layout->addWidget(m_fix, 0, Qt::AlignLeft);

    auto updateApply = [this] {
        if (m_row < 0)
            return;
        const data::QaExample& e = m_document.example(m_row);
        m_apply->setEnabled(m_question->toPlainText().toStdString() != e.instruction
                            || m_input->toPlainText().toStdString() != e.input
                            || m_answer->toPlainText().toStdString() != e.output);
    };
    connect(m_question, &QPlainTextEdit::textChanged, this, updateApply);
    connect(m_input, &QPlainTextEdit::textChanged, this, updateApply);
    connect(m_answer, &QPlainTextEdit::textChanged, this, updateApply);
    connect(m_apply, &QPushButton::clicked, this, &ExampleEditor::applyEdits);
    connect(m_delete, &QPushButton::clicked, this, [this] {
        if (m_row >= 0)
            m_document.setDeleted({m_row}, !m_document.isDeleted(m_row));
    });
    connect(m_findings, &QListWidget::currentRowChanged, this, [this](int item) {
        m_fix->setEnabled(m_row >= 0 && item >= 0 && size_t(item) < m_document.findings(m_row).size()
                          && data::hasAutomaticFix(m_document.findings(m_row)[size_t(item)].check));
    });
    connect(m_fix, &QPushButton::clicked, this, [this] {
        QListWidgetItem* item = m_findings->currentItem();
        if (m_row < 0 || !item)
            return;
        const data::Finding finding = m_document.findings(m_row)[size_t(item->data(kFindingIndexRole).toInt())];
        m_document.applyFix(m_row, finding.field, finding.check);
    });
    connect(&m_document, &DatasetDocument::exampleChanged, this, [this](int row) {
        if (row == m_row)
            reload();
    });
    connect(&m_document, &DatasetDocument::reset, this, [this] { showExample(-1); });
    retranslateUi();
    showExample(-1);
}

void ExampleEditor::showExample(int row)
{
    m_row = row;
    reload();
}

void ExampleEditor::reload()
{
    const bool has = m_row >= 0 && m_row < m_document.count();
    for (QWidget* widget : {static_cast<QWidget*>(m_question), static_cast<QWidget*>(m_input),
                            static_cast<QWidget*>(m_answer), static_cast<QWidget*>(m_delete)})
        widget->setEnabled(has);
    m_findings->clear();
    if (!has) {
        m_question->clear();
        m_input->clear();
        m_answer->clear();
        m_apply->setEnabled(false);
        m_fix->setEnabled(false);
        retranslateUi();
        return;
    }
    const data::QaExample& e = m_document.example(m_row);
    m_question->setPlainText(QString::fromStdString(e.instruction));
    m_input->setPlainText(QString::fromStdString(e.input));
    m_answer->setPlainText(QString::fromStdString(e.output));
    const auto& findings = m_document.findings(m_row);
    for (size_t i = 0; i < findings.size(); ++i) {
        auto* item = new QListWidgetItem(QStringLiteral("%1 — %2: %3")
                                             .arg(QString::fromUtf8(data::fieldName(findings[i].field).data()),
                                                  CheckLabels::name(findings[i].check),
                                                  QString::fromStdString(findings[i].reason)),
                                         m_findings);
        item->setData(kFindingIndexRole, int(i));
    }
    m_apply->setEnabled(false);
    m_fix->setEnabled(false);
    if (!findings.empty())
        m_findings->setCurrentRow(0);
    retranslateUi();
}

void ExampleEditor::applyEdits()
{
    if (m_row < 0)
        return;
    const int row = m_row;
    m_document.undoStack()->beginMacro(tr("Edit line %1").arg(m_document.example(row).line));
    m_document.editText(row, data::Field::Instruction, m_question->toPlainText().toStdString());
    m_document.editText(row, data::Field::Input, m_input->toPlainText().toStdString());
    m_document.editText(row, data::Field::Output, m_answer->toPlainText().toStdString());
    m_document.undoStack()->endMacro();
}

void ExampleEditor::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void ExampleEditor::retranslateUi()
{
    const bool has = m_row >= 0 && m_row < m_document.count();
    m_heading->setText(has ? tr("Example at line %1%2")
                                 .arg(m_document.example(m_row).line)
                                 .arg(m_document.isDeleted(m_row) ? tr(" (deleted)") : QString())
                           : tr("Select an example to edit it."));
    m_questionLabel->setText(tr("Question"));
    m_inputLabel->setText(tr("Context (input)"));
    m_answerLabel->setText(tr("Answer"));
    m_findingsLabel->setText(tr("Findings"));
    m_apply->setText(tr("Apply changes"));
    m_fix->setText(tr("Fix selected finding"));
    m_delete->setText(has && m_document.isDeleted(m_row) ? tr("Restore") : tr("Delete"));
}

} // namespace qs::ui

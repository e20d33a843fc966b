#include "ui/dataset/example_table_model.h"

#include "ui/dataset/check_labels.h"
#include "ui/dataset/dataset_document.h"

#include <QBrush>
#include <QFont>
#include <QPalette>

namespace qs::ui {
namespace {

constexpr int kShownChars = 160; // a table cell shows the start of a text; the tooltip shows all

QString firstLine(const std::string& text)
{
    QString shown = QString::fromStdString(text.substr(0, size_t(kShownChars) * 4));
    shown.replace(QLatin1Char('\n'), QStringLiteral(" ⏎ "));
    if (shown.size() > kShownChars)
        shown = shown.left(kShownChars) + QStringLiteral("…");
    return shown;
}

} // namespace

ExampleTableModel::ExampleTableModel(DatasetDocument& document, QObject* parent)
    : QAbstractTableModel(parent)
    , m_document(document)
{
    connect(&document, &DatasetDocument::reset, this, [this] {
        beginResetModel();
        endResetModel();
    });
    connect(&document, &DatasetDocument::exampleChanged, this,
            [this](int row) { Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1)); });
}

int ExampleTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_document.count();
}

int ExampleTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ExampleTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const data::QaExample& example = m_document.example(row);
    const bool deleted = m_document.isDeleted(row);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case LineColumn: return qlonglong(example.line);
        case QuestionColumn: return firstLine(example.instruction);
        case AnswerColumn: return firstLine(example.output);
        case QuestionCharsColumn: return m_document.questionChars(row);
        case AnswerCharsColumn: return m_document.answerChars(row);
        case TokensColumn: return m_document.hasTokenCounts() ? QVariant(m_document.tokenCount(row)) : QVariant(QStringLiteral("–"));
        case FlagsColumn: return CheckLabels::list(m_document.flags(row));
        }
        break;
    case SortRole:
        switch (index.column()) {
        case LineColumn: return qlonglong(example.line);
        case QuestionCharsColumn: return m_document.questionChars(row);
        case AnswerCharsColumn: return m_document.answerChars(row);
        case TokensColumn: return m_document.tokenCount(row);
        case FlagsColumn: return uint(m_document.flags(row));
        default: return data(index, Qt::DisplayRole);
        }
    case FullTextRole:
        if (index.column() == QuestionColumn)
            return QString::fromStdString(example.instruction);
        if (index.column() == AnswerColumn)
            return QString::fromStdString(example.output);
        return data(index, Qt::DisplayRole);
    case Qt::ToolTipRole:
        if (index.column() == QuestionColumn || index.column() == AnswerColumn)
            return data(index, FullTextRole).toString().left(2000);
        if (index.column() == FlagsColumn) {
            QStringList reasons;
            for (const data::Finding& finding : m_document.findings(row))
                reasons << QString::fromStdString(finding.reason);
            return reasons.join(QLatin1Char('\n'));
        }
        break;
    case FlagsRole: return uint(m_document.flags(row));
    case DeletedRole: return deleted;
    case Qt::ForegroundRole:
        if (deleted)
            return QBrush(QPalette().color(QPalette::Disabled, QPalette::Text));
        if (index.column() == FlagsColumn && m_document.flags(row))
            return QBrush(QColor(0xC9, 0x2A, 0x2A));
        break;
    case Qt::FontRole:
        if (deleted) {
            QFont font;
            font.setStrikeOut(true);
            return font;
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == LineColumn || index.column() == QuestionCharsColumn
            || index.column() == AnswerCharsColumn || index.column() == TokensColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    }
    return {};
}

QVariant ExampleTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case LineColumn: return tr("Line");
    case QuestionColumn: return tr("Question");
    case AnswerColumn: return tr("Answer");
    case QuestionCharsColumn: return tr("Q chars");
    case AnswerCharsColumn: return tr("A chars");
    case TokensColumn: return tr("Tokens");
    case FlagsColumn: return tr("Flags");
    }
    return {};
}

} // namespace qs::ui

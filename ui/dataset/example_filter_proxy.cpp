#include "ui/dataset/example_filter_proxy.h"

#include "ui/dataset/example_table_model.h"

namespace qs::ui {

ExampleFilterProxy::ExampleFilterProxy(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(ExampleTableModel::SortRole);
    setDynamicSortFilter(true);
}

bool ExampleFilterProxy::setSearch(const QString& text, bool regex)
{
    if (regex) {
        QRegularExpression pattern(text, QRegularExpression::CaseInsensitiveOption);
        if (!pattern.isValid())
            return false;
        m_regex = pattern;
    }
    m_text = text;
    m_useRegex = regex;
    invalidateFilter();
    return true;
}

void ExampleFilterProxy::setFlagFilter(int check)
{
    m_flag = check;
    invalidateFilter();
}

void ExampleFilterProxy::setShowDeleted(bool show)
{
    m_showDeleted = show;
    invalidateFilter();
}

bool ExampleFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QAbstractItemModel* model = sourceModel();
    const QModelIndex first = model->index(sourceRow, 0, sourceParent);
    if (!m_showDeleted && model->data(first, ExampleTableModel::DeletedRole).toBool())
        return false;
    if (m_flag != kNoFilter) {
        const uint flags = model->data(first, ExampleTableModel::FlagsRole).toUInt();
        if (m_flag == kAnyFlag ? flags == 0 : !(flags & (1u << m_flag)))
            return false;
    }
    if (m_text.isEmpty())
        return true;
    for (const int column : {ExampleTableModel::QuestionColumn, ExampleTableModel::AnswerColumn}) {
        const QString text =
            model->data(model->index(sourceRow, column, sourceParent), ExampleTableModel::FullTextRole).toString();
        if (m_useRegex ? m_regex.match(text).hasMatch() : text.contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace qs::ui

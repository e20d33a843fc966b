#include "ui/dataset/example_filter_proxy.h"

#include "ui/dataset/dataset_document.h"
#include "ui/dataset/example_table_model.h"

namespace qs::ui {

ExampleFilterProxy::ExampleFilterProxy(const DatasetDocument& document, QObject* parent)
    : QSortFilterProxyModel(parent)
    , m_document(document)
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
    m_utf8 = text.toStdString();
    m_caseless = text.toLower() == text.toUpper(); // Hangul, digits, punctuation
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

bool ExampleFilterProxy::matches(const std::string& text) const
{
    if (!m_useRegex && m_caseless)
        return text.find(m_utf8) != std::string::npos;
    const QString decoded = QString::fromStdString(text);
    return m_useRegex ? m_regex.match(decoded).hasMatch() : decoded.contains(m_text, Qt::CaseInsensitive);
}

bool ExampleFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex&) const
{
    if (!m_showDeleted && m_document.isDeleted(sourceRow))
        return false;
    if (m_flag != kNoFilter) {
        const uint32_t flags = m_document.flags(sourceRow);
        if (m_flag == kAnyFlag ? flags == 0 : !(flags & (1u << m_flag)))
            return false;
    }
    if (m_text.isEmpty())
        return true;
    const data::QaExample& example = m_document.example(sourceRow);
    return matches(example.instruction) || matches(example.output);
}

} // namespace qs::ui

// Search (plain text or regular expression), flag filter and show/hide of
// deleted examples over the example table; sorting by the model's SortRole.
#pragma once

#include <QRegularExpression>
#include <QSortFilterProxyModel>

namespace qs::ui {

class ExampleFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    static constexpr int kAnyFlag = -1; // flag filter: examples with at least one finding
    static constexpr int kNoFilter = -2;

    explicit ExampleFilterProxy(QObject* parent = nullptr);

    // Returns false (and keeps the old search) when `regex` is set and the pattern is invalid.
    bool setSearch(const QString& text, bool regex);
    void setFlagFilter(int check); // a data::Check, kAnyFlag or kNoFilter
    void setShowDeleted(bool show);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_text;
    QRegularExpression m_regex;
    bool m_useRegex = false;
    int m_flag = kNoFilter;
    bool m_showDeleted = false;
};

} // namespace qs::ui

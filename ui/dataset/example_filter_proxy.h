// Search (plain text or regular expression), flag filter and show/hide of
// deleted examples over the example table; sorting by the model's SortRole.
#pragma once

#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <string>

namespace qs::ui {

class DatasetDocument;

class ExampleFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    static constexpr int kAnyFlag = -1; // flag filter: examples with at least one finding
    static constexpr int kNoFilter = -2;

    // Reads texts, flags and deletion marks straight from the document: a
    // search over 100,000 examples must not build 200,000 QStrings.
    explicit ExampleFilterProxy(const DatasetDocument& document, QObject* parent = nullptr);

    // Returns false (and keeps the old search) when `regex` is set and the pattern is invalid.
    bool setSearch(const QString& text, bool regex);
    void setFlagFilter(int check); // a data::Check, kAnyFlag or kNoFilter
    void setShowDeleted(bool show);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    bool matches(const std::string& text) const;

    const DatasetDocument& m_document;
    QString m_text;
    std::string m_utf8;           // the search text, for byte search
    bool m_caseless = true;       // the text has no letters with case: search bytes
    QRegularExpression m_regex;
    bool m_useRegex = false;
    int m_flag = kNoFilter;
    bool m_showDeleted = false;
};

} // namespace qs::ui

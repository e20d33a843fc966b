// The examples of a DatasetDocument as a table: line, question, answer, their
// lengths and flags. Deleted examples stay in the model (greyed, struck out) so
// that the filter can show them for restoring.
#pragma once

#include <QAbstractTableModel>

namespace qs::ui {

class DatasetDocument;

class ExampleTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { LineColumn, QuestionColumn, AnswerColumn, QuestionCharsColumn, AnswerCharsColumn, TokensColumn,
                  FlagsColumn, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1, // numbers for numeric columns, text otherwise
        FlagsRole,                   // uint32 bit set of data::Check
        DeletedRole,                 // bool
        FullTextRole,                // the whole question or answer
    };

    explicit ExampleTableModel(DatasetDocument& document, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    DatasetDocument& m_document;
};

} // namespace qs::ui

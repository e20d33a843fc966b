// Undo commands of the dataset studio: a text change and a deletion change.
// Larger operations (fix everywhere, resolve a duplicate group) are macros of these.
#pragma once

#include "core/data/qa_example.h"

#include <QUndoCommand>
#include <string>
#include <vector>

namespace qs::ui {

class DatasetDocument;

class SetTextCommand : public QUndoCommand {
public:
    SetTextCommand(DatasetDocument& document, int row, data::Field field, std::string before, std::string after,
                   const QString& text);
    void undo() override;
    void redo() override;

private:
    DatasetDocument& m_document;
    int m_row;
    data::Field m_field;
    std::string m_before;
    std::string m_after;
};

class SetDeletedCommand : public QUndoCommand {
public:
    SetDeletedCommand(DatasetDocument& document, std::vector<int> rows, bool deleted, const QString& text);
    void undo() override;
    void redo() override;

private:
    DatasetDocument& m_document;
    std::vector<int> m_rows;
    bool m_deleted;
};

} // namespace qs::ui

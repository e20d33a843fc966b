#include "ui/dataset/dataset_commands.h"

#include "ui/dataset/dataset_document.h"

namespace qs::ui {

SetTextCommand::SetTextCommand(DatasetDocument& document, int row, data::Field field, std::string before,
                               std::string after, const QString& text)
    : QUndoCommand(text)
    , m_document(document)
    , m_row(row)
    , m_field(field)
    , m_before(std::move(before))
    , m_after(std::move(after))
{
}

void SetTextCommand::undo() { m_document.setTextNow(m_row, m_field, m_before); }
void SetTextCommand::redo() { m_document.setTextNow(m_row, m_field, m_after); }

SetDeletedCommand::SetDeletedCommand(DatasetDocument& document, std::vector<int> rows, bool deleted,
                                     const QString& text)
    : QUndoCommand(text)
    , m_document(document)
    , m_rows(std::move(rows))
    , m_deleted(deleted)
{
}

void SetDeletedCommand::undo() { m_document.setDeletedNow(m_rows, !m_deleted); }
void SetDeletedCommand::redo() { m_document.setDeletedNow(m_rows, m_deleted); }

} // namespace qs::ui

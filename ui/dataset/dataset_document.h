// The dataset being reviewed: examples, their findings, deletion marks and
// duplicate groups, with every change going through an undo stack. The views
// (table, editor, import report, duplicate review) all read and change it here.
#pragma once

#include "core/data/inspection.h"
#include "core/text/prompt_template.h"

#include <QObject>
#include <QUndoStack>
#include <cstdint>
#include <memory>
#include <vector>

namespace qs::text {
class Tokenizer;
}

namespace qs::ui {

class DatasetDocument : public QObject {
    Q_OBJECT
public:
    explicit DatasetDocument(QObject* parent = nullptr);
    ~DatasetDocument() override;

    // Replaces the whole document. `deleted` may be empty (nothing deleted);
    // `restoredUnsaved` marks a session restored from an autosave as modified.
    void load(data::Dataset dataset, data::Inspection inspection, std::vector<bool> deleted = {},
              bool restoredUnsaved = false);

    int count() const { return int(m_dataset.examples.size()); }
    const data::Dataset& dataset() const { return m_dataset; }
    const data::QaExample& example(int row) const { return m_dataset.examples[size_t(row)]; }
    const data::ImportReport& importReport() const { return m_dataset.report; }
    QString sourcePath() const { return QString::fromStdString(m_dataset.sourceName); }

    bool isDeleted(int row) const { return m_deleted[size_t(row)]; }
    int deletedCount() const;
    uint32_t flags(int row) const { return m_flags[size_t(row)]; } // bit (1 << int(Check))
    const std::vector<data::Finding>& findings(int row) const { return m_findings[size_t(row)]; }
    int questionChars(int row) const { return m_questionChars[size_t(row)]; }
    int answerChars(int row) const { return m_answerChars[size_t(row)]; }
    // How many examples (not deleted) have a finding of `check`.
    int countWithFinding(data::Check check) const;
    const std::vector<data::DuplicateGroup>& duplicates() const { return m_duplicates; }
    void setDuplicates(std::vector<data::DuplicateGroup> groups);

    // Token counts once a model's tokenizer is chosen: shown per example, used
    // by the histogram, and examples over maxSeqLen get the "too long" finding.
    void setTokenizer(std::shared_ptr<const text::Tokenizer> tokenizer, text::PromptTemplate promptTemplate,
                      std::vector<int> counts, int maxSeqLen);
    void setMaxSeqLen(int maxSeqLen);
    bool hasTokenCounts() const { return m_tokenizer != nullptr; }
    int tokenCount(int row) const { return hasTokenCounts() ? m_tokenCounts[size_t(row)] : -1; }
    int maxSeqLen() const { return m_maxSeqLen; }

    QUndoStack* undoStack() { return &m_undo; }
    bool isModified() const { return m_restoredUnsaved || !m_undo.isClean(); }

    // Undoable changes.
    void editText(int row, data::Field field, const std::string& text);
    bool applyFix(int row, data::Field field, data::Check check);
    int applyFixEverywhere(data::Check check);
    void setDeleted(const std::vector<int>& rows, bool deleted);
    // Keeps `keeper` with the question of `questionFrom` and the answer of
    // `answerFrom` (both group members) and deletes the other members.
    void resolveGroup(const data::DuplicateGroup& group, int keeper, int questionFrom, int answerFrom);
    int acceptAllSuggestions();

    // Writes the examples that are not deleted as JSONL. Throws qs::Error.
    void save(const QString& path, bool overwriteSource);
    void writeAutosave(const QString& path) const;

    // Used by the undo commands only.
    void setTextNow(int row, data::Field field, const std::string& text);
    void setDeletedNow(const std::vector<int>& rows, bool deleted);

Q_SIGNALS:
    void reset();
    void tokenCountsChanged();
    void exampleChanged(int row);
    void modifiedChanged(bool modified);

private:
    void recheck(int row);
    void flagTooLong(int row);

    data::Dataset m_dataset;
    std::vector<bool> m_deleted;
    std::vector<std::vector<data::Finding>> m_findings;
    std::vector<uint32_t> m_flags;
    std::vector<int> m_questionChars;
    std::vector<int> m_answerChars;
    std::vector<data::DuplicateGroup> m_duplicates;
    std::shared_ptr<const text::Tokenizer> m_tokenizer;
    text::PromptTemplate m_template;
    std::vector<int> m_tokenCounts;
    int m_maxSeqLen = 0;
    QUndoStack m_undo;
    bool m_restoredUnsaved = false;
};

} // namespace qs::ui

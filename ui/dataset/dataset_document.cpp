#include "ui/dataset/dataset_document.h"

#include "core/data/dataset_export.h"
#include "core/data/session_file.h"
#include "core/data/token_counts.h"
#include "core/text/unicode.h"
#include "ui/dataset/dataset_commands.h"

#include <algorithm>

namespace qs::ui {

DatasetDocument::DatasetDocument(QObject* parent)
    : QObject(parent)
{
    connect(&m_undo, &QUndoStack::cleanChanged, this, [this] { Q_EMIT modifiedChanged(isModified()); });
}

DatasetDocument::~DatasetDocument()
{
    // ~QUndoStack clears the stack and emits; nobody may hear it from a half-destroyed document.
    m_undo.disconnect();
}

void DatasetDocument::load(data::Dataset dataset, data::Inspection inspection, std::vector<bool> deleted,
                           bool restoredUnsaved)
{
    m_undo.clear();
    m_dataset = std::move(dataset);
    const size_t n = m_dataset.examples.size();
    m_deleted = deleted.size() == n ? std::move(deleted) : std::vector<bool>(n, false);
    m_findings.assign(n, {});
    m_flags.assign(n, 0);
    m_questionChars.assign(n, 0);
    m_answerChars.assign(n, 0);
    for (data::Finding& finding : inspection.findings)
        m_findings[finding.example].push_back(std::move(finding));
    for (size_t row = 0; row < n; ++row) {
        for (const data::Finding& finding : m_findings[row])
            m_flags[row] |= 1u << int(finding.check);
        m_questionChars[row] = int(text::codepointCount(m_dataset.examples[row].instruction));
        m_answerChars[row] = int(text::codepointCount(m_dataset.examples[row].output));
    }
    m_duplicates = std::move(inspection.duplicates);
    m_tokenizer.reset(); // counts belong to the examples they were made from
    m_tokenCounts.clear();
    m_restoredUnsaved = restoredUnsaved;
    Q_EMIT reset();
    Q_EMIT modifiedChanged(isModified());
}

int DatasetDocument::deletedCount() const
{
    return int(std::count(m_deleted.begin(), m_deleted.end(), true));
}

int DatasetDocument::countWithFinding(data::Check check) const
{
    int count = 0;
    for (int row = 0; row < this->count(); ++row)
        count += !isDeleted(row) && (m_flags[size_t(row)] & (1u << int(check)));
    return count;
}

void DatasetDocument::setDuplicates(std::vector<data::DuplicateGroup> groups)
{
    m_duplicates = std::move(groups);
    Q_EMIT reset();
}

void DatasetDocument::setTokenizer(std::shared_ptr<const text::Tokenizer> tokenizer, text::PromptTemplate promptTemplate,
                                   std::vector<int> counts, int maxSeqLen)
{
    if (counts.size() != size_t(count()))
        return; // counted for other examples (the dataset changed meanwhile)
    m_tokenizer = std::move(tokenizer);
    m_template = std::move(promptTemplate);
    m_tokenCounts = std::move(counts);
    setMaxSeqLen(maxSeqLen);
}

void DatasetDocument::setMaxSeqLen(int maxSeqLen)
{
    m_maxSeqLen = maxSeqLen;
    if (!m_tokenizer)
        return;
    for (int row = 0; row < count(); ++row)
        flagTooLong(row);
    Q_EMIT tokenCountsChanged();
    Q_EMIT reset();
}

// Replaces the row's "too long" finding by one for its current token count.
void DatasetDocument::flagTooLong(int row)
{
    auto& findings = m_findings[size_t(row)];
    std::erase_if(findings, [](const data::Finding& f) { return f.check == data::Check::TooLong; });
    uint32_t& flags = m_flags[size_t(row)];
    flags &= ~(1u << int(data::Check::TooLong));
    const int tokens = m_tokenCounts[size_t(row)];
    if (m_maxSeqLen > 0 && tokens > m_maxSeqLen) {
        findings.push_back({size_t(row), data::Field::Output, data::Check::TooLong,
                            std::to_string(tokens) + " tokens: will be truncated at max_seq_len "
                                + std::to_string(m_maxSeqLen)});
        flags |= 1u << int(data::Check::TooLong);
    }
}

void DatasetDocument::recheck(int row)
{
    const data::QaExample& e = example(row);
    m_findings[size_t(row)] = data::checkExample(e, size_t(row));
    if (m_tokenizer) {
        m_tokenCounts[size_t(row)] = data::countTokens(e, *m_tokenizer, m_template);
        flagTooLong(row);
    }
    uint32_t flags = 0;
    for (const data::Finding& finding : m_findings[size_t(row)])
        flags |= 1u << int(finding.check);
    m_flags[size_t(row)] = flags; // includes the "too long" finding flagTooLong added
    m_questionChars[size_t(row)] = int(text::codepointCount(e.instruction));
    m_answerChars[size_t(row)] = int(text::codepointCount(e.output));
}

void DatasetDocument::setTextNow(int row, data::Field field, const std::string& text)
{
    m_dataset.examples[size_t(row)].text(field) = text;
    recheck(row);
    Q_EMIT exampleChanged(row);
}

void DatasetDocument::setDeletedNow(const std::vector<int>& rows, bool deleted)
{
    for (const int row : rows) {
        m_deleted[size_t(row)] = deleted;
        Q_EMIT exampleChanged(row);
    }
}

void DatasetDocument::editText(int row, data::Field field, const std::string& text)
{
    const std::string& before = example(row).text(field);
    if (before == text)
        return;
    m_undo.push(new SetTextCommand(*this, row, field, before, text,
                                   tr("Edit %1 of line %2").arg(QString::fromUtf8(data::fieldName(field).data()))
                                       .arg(example(row).line)));
}

bool DatasetDocument::applyFix(int row, data::Field field, data::Check check)
{
    const auto fixed = data::fixText(check, example(row).text(field));
    if (!fixed)
        return false;
    m_undo.push(new SetTextCommand(*this, row, field, example(row).text(field), *fixed,
                                   tr("Fix %1 in line %2").arg(QString::fromUtf8(data::checkName(check).data()))
                                       .arg(example(row).line)));
    return true;
}

int DatasetDocument::applyFixEverywhere(data::Check check)
{
    // Collect first: applying a fix re-checks the example and changes m_findings.
    std::vector<std::pair<int, data::Field>> targets;
    for (int row = 0; row < count(); ++row)
        for (const data::Finding& finding : findings(row))
            if (finding.check == check && !isDeleted(row))
                targets.emplace_back(row, finding.field);
    if (targets.empty())
        return 0;
    m_undo.beginMacro(tr("Fix %1 in %n example(s)", nullptr, int(targets.size()))
                          .arg(QString::fromUtf8(data::checkName(check).data())));
    int fixed = 0;
    for (const auto& [row, field] : targets)
        fixed += applyFix(row, field, check);
    m_undo.endMacro();
    return fixed;
}

void DatasetDocument::setDeleted(const std::vector<int>& rows, bool deleted)
{
    std::vector<int> changing;
    for (const int row : rows)
        if (row >= 0 && row < count() && isDeleted(row) != deleted)
            changing.push_back(row);
    if (changing.empty())
        return;
    const int n = int(changing.size());
    m_undo.push(new SetDeletedCommand(*this, std::move(changing), deleted,
                                      deleted ? tr("Delete %n example(s)", nullptr, n)
                                              : tr("Restore %n example(s)", nullptr, n)));
}

void DatasetDocument::resolveGroup(const data::DuplicateGroup& group, int keeper, int questionFrom, int answerFrom)
{
    m_undo.beginMacro(tr("Resolve duplicates of line %1").arg(example(keeper).line));
    editText(keeper, data::Field::Instruction, example(questionFrom).instruction);
    editText(keeper, data::Field::Output, example(answerFrom).output);
    std::vector<int> others;
    for (const size_t member : group.members)
        if (int(member) != keeper)
            others.push_back(int(member));
    setDeleted(others, true);
    setDeleted({keeper}, false);
    m_undo.endMacro();
}

int DatasetDocument::acceptAllSuggestions()
{
    if (m_duplicates.empty())
        return 0;
    // Groups overlap (an exact pair is also near): a row kept for one group is
    // kept for every group it is in, so each connected set keeps exactly one.
    std::vector<bool> kept(size_t(count()), false);
    m_undo.beginMacro(tr("Accept every duplicate suggestion"));
    for (const data::DuplicateGroup& group : m_duplicates) {
        size_t keeper = group.keeper;
        for (const size_t member : group.members)
            if (kept[member])
                keeper = member;
        kept[keeper] = true;
        std::vector<int> others;
        for (const size_t member : group.members)
            if (member != keeper && !kept[member])
                others.push_back(int(member));
        setDeleted(others, true);
    }
    m_undo.endMacro();
    return int(m_duplicates.size());
}

void DatasetDocument::save(const QString& path, bool overwriteSource)
{
    std::vector<data::QaExample> kept;
    kept.reserve(size_t(count() - deletedCount()));
    for (int row = 0; row < count(); ++row)
        if (!isDeleted(row))
            kept.push_back(example(row));
    data::ExportOptions options;
    options.overwriteSource = overwriteSource;
    data::exportJsonl(kept, m_dataset.report.mapping, path.toStdString(), m_dataset.sourceName, options);
    m_restoredUnsaved = false;
    m_undo.setClean();
    Q_EMIT modifiedChanged(isModified());
}

void DatasetDocument::writeAutosave(const QString& path) const
{
    data::Session session{m_dataset, m_deleted};
    data::saveSession(path.toStdString(), session);
}

} // namespace qs::ui

// Loads and inspects a dataset (or an autosaved session) off the UI thread.
// Lives on a QThread owned by the Dataset page; results arrive by queued signal.
#pragma once

#include "core/data/inspection.h"
#include "core/text/prompt_template.h"

#include <QObject>
#include <memory>

namespace qs::ui {

struct LoadedDataset {
    data::Dataset dataset;
    data::Inspection inspection;
    std::vector<bool> deleted;    // from a restored session
    bool restoredUnsaved = false; // came from an autosave
};

struct TokenCounts {
    std::shared_ptr<const text::Tokenizer> tokenizer;
    text::PromptTemplate promptTemplate;
    std::vector<int> counts;
    QString modelFolder;
};

class DatasetLoadWorker : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

public Q_SLOTS:
    void load(const QString& path);
    void restoreSession(const QString& autosavePath);
    void rescanDuplicates(const std::shared_ptr<const data::Dataset>& dataset, double threshold);
    // Loads the tokenizer of a model folder and counts every example's tokens in
    // the template its chat_template names (the Korean template otherwise).
    void countTokens(const QString& modelFolder, const std::shared_ptr<const data::Dataset>& dataset);

Q_SIGNALS:
    void loaded(const std::shared_ptr<qs::ui::LoadedDataset>& result);
    void duplicatesFound(const std::shared_ptr<std::vector<qs::data::DuplicateGroup>>& groups);
    void tokensCounted(const std::shared_ptr<qs::ui::TokenCounts>& counts);
    void failed(const QString& message);
};

} // namespace qs::ui

Q_DECLARE_METATYPE(std::shared_ptr<qs::ui::LoadedDataset>)
Q_DECLARE_METATYPE(std::shared_ptr<std::vector<qs::data::DuplicateGroup>>)
Q_DECLARE_METATYPE(std::shared_ptr<const qs::data::Dataset>)
Q_DECLARE_METATYPE(std::shared_ptr<qs::ui::TokenCounts>)

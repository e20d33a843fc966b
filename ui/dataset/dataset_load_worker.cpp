#include "ui/dataset/dataset_load_worker.h"

#include "core/data/session_file.h"
#include "core/data/token_counts.h"
#include "core/text/tokenizer.h"

namespace qs::ui {

void DatasetLoadWorker::load(const QString& path)
{
    try {
        auto result = std::make_shared<LoadedDataset>();
        result->dataset = data::importDataset(path.toStdString());
        result->inspection = data::inspectDataset(result->dataset);
        Q_EMIT loaded(result);
    } catch (const std::exception& error) {
        Q_EMIT failed(QString::fromUtf8(error.what()));
    }
}

void DatasetLoadWorker::restoreSession(const QString& autosavePath)
{
    try {
        data::Session session = data::loadSession(autosavePath.toStdString());
        auto result = std::make_shared<LoadedDataset>();
        result->dataset = std::move(session.dataset);
        result->deleted = std::move(session.deleted);
        result->inspection = data::inspectDataset(result->dataset);
        result->restoredUnsaved = true;
        Q_EMIT loaded(result);
    } catch (const std::exception& error) {
        Q_EMIT failed(QString::fromUtf8(error.what()));
    }
}

void DatasetLoadWorker::rescanDuplicates(const std::shared_ptr<const data::Dataset>& dataset, double threshold)
{
    try {
        data::InspectOptions options;
        options.near.threshold = threshold;
        auto groups = std::make_shared<std::vector<data::DuplicateGroup>>(
            data::inspectDataset(*dataset, options).duplicates);
        Q_EMIT duplicatesFound(groups);
    } catch (const std::exception& error) {
        Q_EMIT failed(QString::fromUtf8(error.what()));
    }
}

void DatasetLoadWorker::countTokens(const QString& modelFolder, const std::shared_ptr<const data::Dataset>& dataset)
{
    try {
        auto result = std::make_shared<TokenCounts>();
        auto tokenizer = std::make_shared<text::Tokenizer>(text::Tokenizer::fromFolder(modelFolder.toStdString()));
        if (const auto kind = text::recognizeChatTemplate(tokenizer->chatTemplate()))
            result->promptTemplate.kind = *kind;
        result->counts = data::countTokens(dataset->examples, *tokenizer, result->promptTemplate);
        result->tokenizer = std::move(tokenizer);
        result->modelFolder = modelFolder;
        Q_EMIT tokensCounted(result);
    } catch (const std::exception& error) {
        Q_EMIT failed(QString::fromUtf8(error.what()));
    }
}

} // namespace qs::ui

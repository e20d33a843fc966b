#include "ui/chat/generation_worker.h"

#include "core/base/error.h"
#include "core/data/dataset.h"
#include "core/text/tokenizer.h"

#include <QFileInfo>

namespace qs::ui {

GenerationWorker::GenerationWorker(QObject* parent) : QObject(parent) {}
GenerationWorker::~GenerationWorker() = default;

void GenerationWorker::load(const QString& modelFolder, const QString& adapterFolder, bool merge)
{
    try {
        m_model.reset();
        model::LoadOptions options;
        options.device = "auto";
        auto loadedModel = std::make_unique<model::LanguageModel>(model::LanguageModel::load(modelFolder.toStdString(), options));
        if (!adapterFolder.isEmpty())
            loadedModel->loadAdapter(adapterFolder.toStdString());
        if (merge && loadedModel->hasAdapter())
            loadedModel->mergeAdapter(); // refuses nf4/int8 weights with a hint
        m_tokenizer = std::make_unique<text::Tokenizer>(text::Tokenizer::fromFolder(modelFolder.toStdString()));
        m_model = std::move(loadedModel);
        Q_EMIT loaded(QStringLiteral("%1 · %2 · %3%4")
                          .arg(QFileInfo(modelFolder).fileName(),
                               QString::fromLatin1(model::precisionName(m_model->precision()).data()),
                               QString::fromStdString(m_model->deviceName()),
                               adapterFolder.isEmpty() ? QString()
                               : merge                 ? QStringLiteral(" + merged ") + adapterFolder
                                                       : QStringLiteral(" + ") + adapterFolder),
                      m_model->hasAdapter());
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromUtf8(e.what()));
    }
}

void GenerationWorker::ask(const QString& question, const QString& templateName,
                           const infer::GenerationOptions& options, bool compare)
{
    m_cancel = false;
    try {
        if (!m_model)
            throw Error("No model is loaded", "", "choose a model folder and press Load");
        const std::vector<int32_t> prompt = text::renderForGeneration(
            text::PromptTemplate::fromName(templateName.toStdString()), *m_tokenizer, {{}, question.toStdString(), {}, {}});
        const std::vector<int64_t> ids(prompt.begin(), prompt.end());
        std::vector<int> sides;
        if (compare || !m_model->hasAdapter())
            sides.push_back(0);
        if (m_model->hasAdapter())
            sides.push_back(1);
        for (const int side : sides) {
            infer::GenerationOptions request = options;
            request.useAdapter = side == 1;
            const infer::GenerationResult result =
                infer::generate(*m_model, *m_tokenizer, ids, request, [&](std::string_view text) {
                    Q_EMIT piece(side, QString::fromUtf8(text.data(), qsizetype(text.size())));
                    return !m_cancel.load();
                });
            Q_EMIT answerFinished(side, QStringLiteral("%1 tokens · %2 tokens/s · %3")
                                            .arg(result.newIds.size())
                                            .arg(result.decodeTokensPerSecond(), 0, 'f', 1)
                                            .arg(QString::fromLatin1(infer::stopReasonName(result.stopReason).data())));
            if (m_cancel)
                break;
        }
        Q_EMIT askDone();
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromUtf8(e.what()));
    }
}

void GenerationWorker::evaluate(const QString& dataPath, const QString& templateName,
                                const infer::GenerationOptions& options)
{
    m_cancel = false;
    try {
        if (!m_model)
            throw Error("No model is loaded", "", "choose a model folder and press Load");
        const data::Dataset dataset = data::importDataset(dataPath.toStdString());
        infer::EvaluationOptions evaluation;
        evaluation.promptTemplate = text::PromptTemplate::fromName(templateName.toStdString());
        evaluation.generation = options;
        auto answers = std::make_shared<std::vector<infer::EvaluatedAnswer>>(infer::evaluateAnswers(
            *m_model, *m_tokenizer, dataset.examples, evaluation, [&](size_t done, size_t total) {
                Q_EMIT evaluationProgress(int(done), int(total));
                return !m_cancel.load();
            }));
        Q_EMIT evaluated(answers);
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromUtf8(e.what()));
    }
}

} // namespace qs::ui

// Holds the loaded model (one copy: the adapter is switched per request) and
// runs generation and evaluation off the UI thread. Lives on a QThread owned
// by the Chat page; text streams back piece by piece through queued signals.
#pragma once

#include "core/infer/evaluation.h"

#include <QMetaType>
#include <QObject>
#include <QString>
#include <atomic>
#include <memory>

Q_DECLARE_METATYPE(qs::infer::GenerationOptions)
Q_DECLARE_METATYPE(std::shared_ptr<std::vector<qs::infer::EvaluatedAnswer>>)

namespace qs::text {
class Tokenizer;
}

namespace qs::ui {

class GenerationWorker : public QObject {
    Q_OBJECT
public:
    explicit GenerationWorker(QObject* parent = nullptr);
    ~GenerationWorker() override;

    // Thread-safe: the running answer or evaluation ends after the current token.
    void requestCancel() { m_cancel = true; }

public Q_SLOTS:
    // merge: fold the adapter into 16-bit weights (faster; only tuned answers afterwards).
    void load(const QString& modelFolder, const QString& adapterFolder, bool merge);
    // side: 0 base (adapter off), 1 tuned (adapter on).
    void ask(const QString& question, const QString& templateName, const qs::infer::GenerationOptions& options,
             bool compare);
    void evaluate(const QString& dataPath, const QString& templateName, const qs::infer::GenerationOptions& options);

Q_SIGNALS:
    void loaded(const QString& description, bool hasAdapter);
    void piece(int side, const QString& text);
    void answerFinished(int side, const QString& summary);
    void askDone(); // after the last answer of a question (or a cancel)
    void evaluationProgress(int done, int total);
    void evaluated(const std::shared_ptr<std::vector<qs::infer::EvaluatedAnswer>>& answers);
    void failed(const QString& message);

private:
    std::unique_ptr<model::LanguageModel> m_model;
    std::unique_ptr<text::Tokenizer> m_tokenizer;
    std::atomic<bool> m_cancel{false};
};

} // namespace qs::ui

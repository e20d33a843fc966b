#include "ui/train/training_worker.h"

#include "core/data/dataset.h"
#include "core/data/demo_dataset.h"
#include "core/model/demo_model.h"

namespace qs::ui {

train::TrainerCallbacks TrainingWorker::callbacks()
{
    train::TrainerCallbacks callbacks;
    callbacks.onStep = [this](const train::StepMetrics& metrics) { Q_EMIT stepFinished(metrics); };
    callbacks.onLog = [this](const std::string& line) { Q_EMIT logLine(QString::fromStdString(line)); };
    callbacks.stopRequested = [this] { return m_stop.load(); };
    return callbacks;
}

void TrainingWorker::run(const std::function<train::TrainResult(const train::TrainerCallbacks&)>& training)
{
    m_stop = false;
    try {
        Q_EMIT finished(training(callbacks()));
    } catch (const std::exception& e) { // qs::Error's text names the place and the remedy
        Q_EMIT failed(QString::fromUtf8(e.what()));
    }
}

void TrainingWorker::start(const train::TrainOptions& options)
{
    run([&](const train::TrainerCallbacks& callbacks) { return train::train(options, callbacks); });
}

void TrainingWorker::resume(const QString& runFolder)
{
    run([&](const train::TrainerCallbacks& callbacks) {
        return train::resumeTraining(runFolder.toStdString(), callbacks);
    });
}

void TrainingWorker::makeDemoModel(const QString& folder)
{
    try {
        std::vector<std::string> texts;
        for (const data::QaExample& example :
             data::importDatasetFromBytes(data::demoDatasetJsonl(), "demo dataset").examples) {
            texts.push_back(example.instruction);
            texts.push_back(example.output);
        }
        model::makeDemoModel(folder.toStdString(), texts);
        Q_EMIT demoModelReady(folder);
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromUtf8(e.what()));
    }
}

} // namespace qs::ui

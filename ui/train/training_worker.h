// Runs the engine's trainer (and makes the demo model) off the UI thread.
// Lives on a QThread owned by the Train page; progress arrives by queued
// signals, and Stop is a flag the trainer polls between steps.
#pragma once

#include "ui/train/training_metatypes.h"

#include <QObject>
#include <QString>
#include <atomic>

namespace qs::ui {

class TrainingWorker : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    // Thread-safe: the trainer saves a checkpoint and stops after the current step.
    void requestStop() { m_stop = true; }

public Q_SLOTS:
    void start(const qs::train::TrainOptions& options);
    void resume(const QString& runFolder);
    void makeDemoModel(const QString& folder);

Q_SIGNALS:
    void stepFinished(const qs::train::StepMetrics& metrics);
    void logLine(const QString& line);
    void finished(const qs::train::TrainResult& result);
    void failed(const QString& message);
    void demoModelReady(const QString& folder);

private:
    train::TrainerCallbacks callbacks();
    void run(const std::function<train::TrainResult(const train::TrainerCallbacks&)>& training);

    std::atomic<bool> m_stop{false};
};

} // namespace qs::ui

// Live training charts (QCustomPlot): loss (raw, smoothed and eval) by step,
// learning rate, tokens per second and GPU memory. Fed step by step during a
// run, or all at once from a run folder's metrics.jsonl.
#pragma once

#include "core/train/run_folder.h"

#include <QWidget>
#include <vector>

class QCustomPlot;
class QCPGraph;

namespace qs::ui {

class TrainingCharts : public QWidget {
    Q_OBJECT
public:
    explicit TrainingCharts(QWidget* parent = nullptr);

    void clear();
    void addStep(const train::StepMetrics& metrics);
    void setSteps(const std::vector<train::StepMetrics>& metrics);
    int pointCount() const { return int(m_steps.size()); }

protected:
    void changeEvent(QEvent* event) override;

private:
    void redraw();
    void retranslateUi();

    std::vector<train::StepMetrics> m_steps;
    QCustomPlot* m_lossPlot = nullptr;
    QCustomPlot* m_lrPlot = nullptr;
    QCustomPlot* m_speedPlot = nullptr;
    QCustomPlot* m_memoryPlot = nullptr;
    QCPGraph* m_loss = nullptr;
    QCPGraph* m_smoothed = nullptr;
    QCPGraph* m_evalLoss = nullptr;
    QCPGraph* m_lr = nullptr;
    QCPGraph* m_speed = nullptr;
    QCPGraph* m_memory = nullptr;
};

} // namespace qs::ui

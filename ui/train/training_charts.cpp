#include "ui/train/training_charts.h"

#include "core/train/loss_smoothing.h"

#include <QEvent>
#include <algorithm>
#include <QGridLayout>
#include "ui/widgets/qcustomplot.h"

namespace qs::ui {
namespace {

constexpr double kSmoothing = 0.9;

QCustomPlot* makePlot(QWidget* parent, const QString& objectName)
{
    auto* plot = new QCustomPlot(parent);
    plot->setObjectName(objectName);
    plot->setMinimumHeight(150);
    plot->xAxis->setLabel(QStringLiteral("step"));
    return plot;
}

QCPGraph* makeGraph(QCustomPlot* plot, const QColor& color, double width = 1.5)
{
    QCPGraph* graph = plot->addGraph();
    graph->setPen(QPen(color, width));
    return graph;
}

} // namespace

TrainingCharts::TrainingCharts(QWidget* parent) : QWidget(parent)
{
    m_lossPlot = makePlot(this, QStringLiteral("lossPlot"));
    m_lrPlot = makePlot(this, QStringLiteral("lrPlot"));
    m_speedPlot = makePlot(this, QStringLiteral("speedPlot"));
    m_memoryPlot = makePlot(this, QStringLiteral("memoryPlot"));
    m_loss = makeGraph(m_lossPlot, QColor(120, 160, 220), 1.0);
    m_smoothed = makeGraph(m_lossPlot, QColor(20, 70, 170), 2.0);
    m_evalLoss = makeGraph(m_lossPlot, QColor(220, 90, 30), 2.0);
    m_evalLoss->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 6));
    m_lossPlot->legend->setVisible(true);
    m_lossPlot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    m_lr = makeGraph(m_lrPlot, QColor(60, 140, 60));
    m_speed = makeGraph(m_speedPlot, QColor(140, 80, 170));
    m_memory = makeGraph(m_memoryPlot, QColor(180, 60, 60));
    for (QCustomPlot* small : {m_lrPlot, m_speedPlot, m_memoryPlot}) {
        small->xAxis->ticker()->setTickCount(3);
        small->yAxis->ticker()->setTickCount(4);
    }

    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_lossPlot, 0, 0, 1, 3);
    layout->addWidget(m_lrPlot, 1, 0);
    layout->addWidget(m_speedPlot, 1, 1);
    layout->addWidget(m_memoryPlot, 1, 2);
    layout->setRowStretch(0, 2);
    layout->setRowStretch(1, 1);
    retranslateUi();
}

void TrainingCharts::clear()
{
    m_steps.clear();
    redraw();
}

void TrainingCharts::addStep(const train::StepMetrics& metrics)
{
    m_steps.push_back(metrics);
    redraw();
}

void TrainingCharts::setSteps(const std::vector<train::StepMetrics>& metrics)
{
    m_steps = metrics;
    redraw();
}

void TrainingCharts::redraw()
{
    QVector<double> steps, losses, evalSteps, evalLosses, rates, speeds, memory;
    std::vector<double> rawLosses;
    for (const train::StepMetrics& m : m_steps) {
        steps.append(double(m.step));
        losses.append(m.loss);
        rawLosses.push_back(m.loss);
        rates.append(m.learningRate);
        speeds.append(m.tokensPerSecond);
        memory.append(m.memoryGib);
        if (m.evalLoss) {
            evalSteps.append(double(m.step));
            evalLosses.append(*m.evalLoss);
        }
    }
    const std::vector<double> smoothed = train::smoothedCurve(rawLosses, kSmoothing);
    m_loss->setData(steps, losses, true);
    m_smoothed->setData(steps, QVector<double>(smoothed.begin(), smoothed.end()), true);
    m_evalLoss->setData(evalSteps, evalLosses, true);
    m_lr->setData(steps, rates, true);
    m_speed->setData(steps, speeds, true);
    m_memory->setData(steps, memory, true);
    for (QCustomPlot* plot : {m_lossPlot, m_lrPlot, m_speedPlot, m_memoryPlot}) {
        plot->rescaleAxes();
        plot->yAxis->scaleRange(1.1, plot->yAxis->range().center());
        if (plot->yAxis->range().lower < 0)
            plot->yAxis->setRangeLower(0);
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
    if (std::all_of(memory.begin(), memory.end(), [](double gib) { return gib == 0; })) { // training on the CPU
        m_memoryPlot->yAxis->setRange(0, 1);
        m_memoryPlot->replot(QCustomPlot::rpQueuedReplot);
    }
}

void TrainingCharts::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void TrainingCharts::retranslateUi()
{
    m_loss->setName(tr("training loss"));
    m_smoothed->setName(tr("smoothed"));
    m_evalLoss->setName(tr("eval loss"));
    m_lossPlot->yAxis->setLabel(tr("loss"));
    m_lrPlot->yAxis->setLabel(tr("learning rate"));
    m_speedPlot->yAxis->setLabel(tr("tokens/s"));
    m_memoryPlot->yAxis->setLabel(tr("GPU memory (GiB)"));
    for (QCustomPlot* plot : {m_lossPlot, m_lrPlot, m_speedPlot, m_memoryPlot}) {
        plot->xAxis->setLabel(tr("step"));
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

} // namespace qs::ui

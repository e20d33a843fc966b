#include "ui/pages/runs_page.h"

#include "core/train/loss_smoothing.h"
#include "core/train/run_folder.h"
#include "ui/widgets/page_title.h"

#include <QDesktopServices>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>
#include "ui/widgets/qcustomplot.h"

namespace qs::ui {
namespace {

enum Column { NameColumn, StatusColumn, StepsColumn, LossColumn, EvalLossColumn, AdapterColumn, ColumnCount };

QTableWidgetItem* item(const QString& text, const QVariant& sortValue = {})
{
    auto* cell = new QTableWidgetItem(text);
    cell->setFlags(cell->flags() & ~Qt::ItemIsEditable);
    if (sortValue.isValid())
        cell->setData(Qt::UserRole, sortValue);
    return cell;
}

QString optionalNumber(const std::optional<double>& value)
{
    return value ? QString::number(*value, 'f', 4) : QStringLiteral("–");
}

} // namespace

RunsPage::RunsPage(QWidget* parent) : QWidget(parent)
{
    m_title = createPageTitle(this);
    m_folderLabel = new QLabel(this);
    m_folderLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("runsTable"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    m_table->verticalHeader()->setVisible(false);
    m_plot = new QCustomPlot(this);
    m_plot->setObjectName(QStringLiteral("runsLossPlot"));
    m_plot->setMinimumHeight(220);
    m_plot->legend->setVisible(true);
    m_refresh = new QPushButton(this);
    m_resume = new QPushButton(this);
    m_resume->setObjectName(QStringLiteral("resumeRunButton"));
    m_open = new QPushButton(this);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_folderLabel, 1);
    buttons->addWidget(m_refresh);
    buttons->addWidget(m_open);
    buttons->addWidget(m_resume);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_plot);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addLayout(buttons);
    layout->addWidget(splitter, 1);

    connect(m_refresh, &QPushButton::clicked, this, &RunsPage::refresh);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &RunsPage::showSelectedCurves);
    connect(m_resume, &QPushButton::clicked, this, [this] {
        if (!selectedRun().isEmpty())
            Q_EMIT resumeRequested(selectedRun());
    });
    connect(m_open, &QPushButton::clicked, this, [this] {
        if (!selectedRun().isEmpty())
            QDesktopServices::openUrl(QUrl::fromLocalFile(selectedRun()));
    });
    retranslateUi();
}

void RunsPage::setRunsFolder(const QString& folder)
{
    m_runsFolder = folder;
    m_folderLabel->setText(folder);
    refresh();
}

int RunsPage::runCount() const
{
    return m_table->rowCount();
}

int RunsPage::curveCount() const
{
    return m_plot->graphCount();
}

void RunsPage::refresh()
{
    m_table->setSortingEnabled(false);
    m_table->setRowCount(0);
    for (const train::RunSummary& run : train::listRuns(m_runsFolder.toStdString())) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        auto* name = item(QString::fromStdString(run.name));
        name->setData(Qt::UserRole, QString::fromStdString(run.folder.string()));
        name->setToolTip(QString::fromStdString(run.model));
        m_table->setItem(row, NameColumn, name);
        m_table->setItem(row, StatusColumn, item(QString::fromStdString(run.status)));
        m_table->setItem(row, StepsColumn, item(QStringLiteral("%1 / %2").arg(run.steps).arg(run.totalSteps)));
        m_table->setItem(row, LossColumn, item(optionalNumber(run.lastLoss)));
        m_table->setItem(row, EvalLossColumn, item(optionalNumber(run.lastEvalLoss)));
        m_table->setItem(row, AdapterColumn, item(run.hasAdapter ? tr("yes") : tr("no")));
    }
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    if (m_table->rowCount() > 0)
        m_table->selectRow(0);
    showSelectedCurves();
}

QString RunsPage::selectedRun() const
{
    const auto rows = m_table->selectionModel()->selectedRows(NameColumn);
    return rows.isEmpty() ? QString() : rows.front().data(Qt::UserRole).toString();
}

void RunsPage::showSelectedCurves()
{
    static const QList<QColor> colors = {QColor(20, 70, 170), QColor(220, 90, 30), QColor(40, 140, 60),
                                         QColor(140, 60, 160), QColor(180, 40, 60), QColor(30, 140, 150)};
    m_plot->clearGraphs();
    const auto rows = m_table->selectionModel()->selectedRows(NameColumn);
    for (const QModelIndex& index : rows) {
        const std::vector<train::StepMetrics> metrics =
            train::readMetrics(index.data(Qt::UserRole).toString().toStdString());
        QVector<double> steps;
        std::vector<double> losses;
        for (const train::StepMetrics& m : metrics) {
            steps.append(double(m.step));
            losses.push_back(m.loss);
        }
        const std::vector<double> smoothed = train::smoothedCurve(losses, 0.9);
        QCPGraph* graph = m_plot->addGraph();
        graph->setName(index.data().toString());
        graph->setPen(QPen(colors[m_plot->graphCount() % colors.size()], 2));
        graph->setData(steps, QVector<double>(smoothed.begin(), smoothed.end()), true);
    }
    m_resume->setEnabled(rows.size() == 1);
    m_open->setEnabled(rows.size() == 1);
    m_plot->rescaleAxes();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void RunsPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void RunsPage::retranslateUi()
{
    m_title->setText(tr("Runs"));
    m_table->setHorizontalHeaderLabels(
        {tr("Run"), tr("Status"), tr("Steps"), tr("Loss"), tr("Eval loss"), tr("Adapter")});
    m_plot->xAxis->setLabel(tr("step"));
    m_plot->yAxis->setLabel(tr("training loss (smoothed)"));
    m_refresh->setText(tr("Refresh"));
    m_resume->setText(tr("Resume"));
    m_open->setText(tr("Open folder"));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace qs::ui

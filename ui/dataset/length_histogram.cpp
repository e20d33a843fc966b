#include "ui/dataset/length_histogram.h"

#include "ui/dataset/dataset_document.h"
#include "ui/widgets/qcustomplot.h"

#include <QEvent>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace qs::ui {
namespace {

constexpr int kBins = 40;

} // namespace

LengthHistogram::LengthHistogram(DatasetDocument& document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_plot(new QCustomPlot(this))
{
    setObjectName(QStringLiteral("lengthHistogram"));
    m_questions = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    m_answers = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    m_questions->setBrush(QColor(0x74, 0xC0, 0xFC, 170));
    m_questions->setPen(Qt::NoPen);
    m_answers->setBrush(QColor(0x70, 0x48, 0xE8, 170));
    m_answers->setPen(Qt::NoPen);
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    m_plot->setMinimumHeight(160);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);

    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(0);
    connect(&m_refreshTimer, &QTimer::timeout, this, &LengthHistogram::refresh);
    connect(&document, &DatasetDocument::reset, this, &LengthHistogram::refresh);
    connect(&document, &DatasetDocument::exampleChanged, &m_refreshTimer, qOverload<>(&QTimer::start));
    refresh();
}

QVector<double> LengthHistogram::answerCounts() const
{
    QVector<double> counts;
    for (auto it = m_answers->data()->constBegin(); it != m_answers->data()->constEnd(); ++it)
        counts << it->value;
    return counts;
}

void LengthHistogram::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        refresh();
    QWidget::changeEvent(event);
}

void LengthHistogram::refresh()
{
    int longest = 1;
    for (int row = 0; row < m_document.count(); ++row)
        if (!m_document.isDeleted(row))
            longest = std::max({longest, m_document.answerChars(row), m_document.questionChars(row)});
    const int width = std::max(1, int(std::ceil(double(longest + 1) / kBins)));
    const int bins = longest / width + 1;
    QVector<double> keys(bins), answers(bins, 0.0), questions(bins, 0.0);
    for (int bin = 0; bin < bins; ++bin)
        keys[bin] = (bin + 0.5) * width;
    for (int row = 0; row < m_document.count(); ++row) {
        if (m_document.isDeleted(row))
            continue;
        answers[m_document.answerChars(row) / width] += 1;
        questions[m_document.questionChars(row) / width] += 1;
    }
    m_answers->setData(keys, answers, /*alreadySorted=*/true);
    m_questions->setData(keys, questions, /*alreadySorted=*/true);
    m_answers->setWidth(width);
    m_questions->setWidth(width);
    m_answers->setName(tr("Answers"));
    m_questions->setName(tr("Questions"));
    m_plot->xAxis->setLabel(tr("Length (characters)"));
    m_plot->yAxis->setLabel(tr("Examples"));
    m_plot->rescaleAxes();
    m_plot->xAxis->setRangeLower(0);
    m_plot->yAxis->setRangeLower(0);
    m_plot->replot();
}

} // namespace qs::ui

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
    m_limit = new QCPItemStraightLine(m_plot);
    m_limit->setPen(QPen(QColor(0xC9, 0x2A, 0x2A), 2, Qt::DashLine));
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    m_plot->setMinimumHeight(160);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);

    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(0);
    connect(&m_refreshTimer, &QTimer::timeout, this, &LengthHistogram::refresh);
    connect(&document, &DatasetDocument::reset, this, &LengthHistogram::refresh);
    connect(&document, &DatasetDocument::tokenCountsChanged, this, &LengthHistogram::refresh);
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
    // With a tokenizer: tokens per rendered example (one series) and the
    // max_seq_len line; without: characters of questions and answers.
    const bool tokens = m_document.hasTokenCounts();
    auto answerLength = [&](int row) { return tokens ? m_document.tokenCount(row) : m_document.answerChars(row); };
    auto questionLength = [&](int row) { return tokens ? 0 : m_document.questionChars(row); };
    int longest = tokens ? m_document.maxSeqLen() : 1;
    for (int row = 0; row < m_document.count(); ++row)
        if (!m_document.isDeleted(row))
            longest = std::max({longest, answerLength(row), questionLength(row)});
    const int width = std::max(1, int(std::ceil(double(longest + 1) / kBins)));
    const int bins = longest / width + 1;
    QVector<double> keys(bins), answers(bins, 0.0), questions(bins, 0.0);
    for (int bin = 0; bin < bins; ++bin)
        keys[bin] = (bin + 0.5) * width;
    for (int row = 0; row < m_document.count(); ++row) {
        if (m_document.isDeleted(row))
            continue;
        answers[answerLength(row) / width] += 1;
        if (!tokens)
            questions[questionLength(row) / width] += 1;
    }
    m_answers->setData(keys, answers, /*alreadySorted=*/true);
    m_questions->setData(keys, questions, /*alreadySorted=*/true);
    m_answers->setWidth(width);
    m_questions->setWidth(width);
    m_answers->setName(tokens ? tr("Examples (prompt + answer)") : tr("Answers"));
    m_questions->setName(tr("Questions"));
    m_questions->setVisible(!tokens);
    m_questions->removeFromLegend();
    if (!tokens)
        m_questions->addToLegend();
    m_limit->setVisible(tokens && m_document.maxSeqLen() > 0);
    m_limit->point1->setCoords(m_document.maxSeqLen(), 0);
    m_limit->point2->setCoords(m_document.maxSeqLen(), 1);
    m_plot->xAxis->setLabel(tokens ? tr("Length (tokens); the line is max_seq_len") : tr("Length (characters)"));
    m_plot->yAxis->setLabel(tr("Examples"));
    m_plot->rescaleAxes();
    m_plot->xAxis->setRangeLower(0);
    m_plot->yAxis->setRangeLower(0);
    m_plot->replot();
}

} // namespace qs::ui

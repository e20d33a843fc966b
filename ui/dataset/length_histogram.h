// Histogram of question and answer lengths (characters) over the examples
// that are not deleted, drawn with QCustomPlot.
#pragma once

#include <QTimer>
#include <QWidget>

class QCustomPlot;
class QCPBars;
class QCPItemStraightLine;

namespace qs::ui {

class DatasetDocument;

class LengthHistogram : public QWidget {
    Q_OBJECT
public:
    explicit LengthHistogram(DatasetDocument& document, QWidget* parent = nullptr);

    // Bin counts as drawn (answers, or whole examples in tokens), for tests.
    QVector<double> answerCounts() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void refresh();

    DatasetDocument& m_document;
    QCustomPlot* m_plot = nullptr;
    QCPBars* m_answers = nullptr;
    QCPBars* m_questions = nullptr;
    QCPItemStraightLine* m_limit = nullptr; // max_seq_len
    QTimer m_refreshTimer;
};

} // namespace qs::ui

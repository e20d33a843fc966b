#include "ui/pages/chat_page.h"

#include "ui/widgets/page_title.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTextCursor>
#include <QThread>
#include <QVBoxLayout>

namespace qs::ui {
namespace {

const QString kModelKey = QStringLiteral("chat/modelFolder");
const QString kAdapterKey = QStringLiteral("chat/adapterFolder");

enum EvalColumn {
    QuestionColumn,
    ExpectedColumn,
    BaseColumn,
    TunedColumn,
    BaseF1Column,
    TunedF1Column,
    BaseRougeColumn,
    TunedRougeColumn,
    EvalColumnCount
};

// A table cell that sorts numbers as numbers.
class NumberItem : public QTableWidgetItem {
public:
    explicit NumberItem(double value) : QTableWidgetItem(QString::number(value, 'f', 3)) { setData(Qt::UserRole, value); }
    bool operator<(const QTableWidgetItem& other) const override
    {
        return data(Qt::UserRole).toDouble() < other.data(Qt::UserRole).toDouble();
    }
};

QTableWidgetItem* textItem(const std::optional<std::string>& text)
{
    auto* item = new QTableWidgetItem(text ? QString::fromStdString(*text) : QStringLiteral("–"));
    item->setToolTip(item->text());
    return item;
}

QTableWidgetItem* scoreItem(const std::optional<eval::AnswerScores>& scores, double eval::AnswerScores::*field)
{
    if (!scores)
        return new QTableWidgetItem(QStringLiteral("–"));
    return new NumberItem((*scores).*field);
}

} // namespace

ChatPage::ChatPage(QWidget* parent) : QWidget(parent)
{
    qRegisterMetaType<qs::infer::GenerationOptions>();
    qRegisterMetaType<std::shared_ptr<std::vector<qs::infer::EvaluatedAnswer>>>();
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("generationThread"));
    m_worker = new GenerationWorker;
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(this, &ChatPage::requestLoad, m_worker, &GenerationWorker::load);
    connect(this, &ChatPage::requestAsk, m_worker, &GenerationWorker::ask);
    connect(this, &ChatPage::requestEvaluate, m_worker, &GenerationWorker::evaluate);
    connect(m_worker, &GenerationWorker::loaded, this, [this](const QString& description, bool hasAdapter) {
        m_loaded = true;
        m_hasAdapter = hasAdapter;
        m_loadedLabel->setText(description);
        m_loadedLabel->setStyleSheet({});
        m_compare->setEnabled(hasAdapter);
        setBusy(false);
    });
    connect(m_worker, &GenerationWorker::piece, this, [this](int side, const QString& text) {
        m_answers[side] += text;
        QTextBrowser* transcript = m_transcripts[m_compare->isChecked() ? side : 0];
        transcript->moveCursor(QTextCursor::End);
        transcript->insertPlainText(text);
    });
    connect(m_worker, &GenerationWorker::answerFinished, this, [this](int side, const QString& summary) {
        QTextBrowser* transcript = m_transcripts[m_compare->isChecked() ? side : 0];
        transcript->append(QStringLiteral("<span style=\"color: gray; font-size: small\">%1</span><br>")
                               .arg(summary.toHtmlEscaped()));
    });
    connect(m_worker, &GenerationWorker::askDone, this, [this] { setBusy(false); });
    connect(m_worker, &GenerationWorker::evaluationProgress, this, [this](int done, int total) {
        m_evalProgress->setRange(0, total);
        m_evalProgress->setValue(done);
    });
    connect(m_worker, &GenerationWorker::evaluated, this,
            [this](const std::shared_ptr<std::vector<infer::EvaluatedAnswer>>& answers) {
                showEvaluation(*answers);
                setBusy(false);
            });
    connect(m_worker, &GenerationWorker::failed, this, [this](const QString& message) {
        m_loadedLabel->setText(message);
        m_loadedLabel->setStyleSheet(QStringLiteral("color: #b00020;"));
        setBusy(false);
    });
    m_thread->start();

    m_title = createPageTitle(this);
    m_modelLabel = new QLabel(this);
    m_modelFolder = new QLineEdit(this);
    m_modelFolder->setObjectName(QStringLiteral("chatModelFolder"));
    m_adapterLabel = new QLabel(this);
    m_adapterFolder = new QLineEdit(this);
    m_adapterFolder->setObjectName(QStringLiteral("chatAdapterFolder"));
    m_fromRun = new QPushButton(this);
    m_load = new QPushButton(this);
    m_load->setObjectName(QStringLiteral("loadButton"));
    m_merge = new QCheckBox(this);
    m_merge->setObjectName(QStringLiteral("mergeAdapter"));
    m_loadedLabel = new QLabel(this);
    m_loadedLabel->setWordWrap(true);
    m_loadedLabel->setMinimumWidth(1);

    m_samplingLabel = new QLabel(this);
    m_template = new QComboBox(this);
    for (const char* name : {"korean", "llama3", "chatml"})
        m_template->addItem(QString::fromLatin1(name), QString::fromLatin1(name));
    m_maxNewTokens = new QSpinBox(this);
    m_maxNewTokens->setRange(1, 8192);
    m_maxNewTokens->setValue(256);
    m_greedy = new QCheckBox(this);
    m_greedy->setChecked(true);
    m_temperature = new QDoubleSpinBox(this);
    m_temperature->setRange(0.05, 5);
    m_temperature->setSingleStep(0.05);
    m_temperature->setValue(0.7);
    m_topP = new QDoubleSpinBox(this);
    m_topP->setRange(0.05, 1);
    m_topP->setSingleStep(0.05);
    m_topP->setValue(0.9);
    m_topK = new QSpinBox(this);
    m_topK->setRange(0, 1000);
    m_topK->setValue(50);
    m_compare = new QCheckBox(this);
    m_compare->setObjectName(QStringLiteral("compareMode"));
    m_compare->setEnabled(false);

    auto* top = new QGridLayout;
    top->addWidget(m_modelLabel, 0, 0);
    top->addWidget(m_modelFolder, 0, 1);
    top->addWidget(m_load, 0, 2);
    top->addWidget(m_adapterLabel, 1, 0);
    top->addWidget(m_adapterFolder, 1, 1);
    top->addWidget(m_fromRun, 1, 2);
    top->addWidget(m_merge, 2, 1, 1, 2);
    top->addWidget(m_loadedLabel, 3, 1, 1, 2);
    // Two short rows, so that the window still fits a 1024-pixel screen.
    auto* sampling = new QGridLayout;
    sampling->addWidget(m_samplingLabel, 0, 0);
    sampling->addWidget(m_template, 0, 1);
    sampling->addWidget(m_maxNewTokens, 0, 2);
    sampling->addWidget(m_compare, 0, 3, 1, 2);
    sampling->addWidget(m_greedy, 1, 0);
    sampling->addWidget(m_temperature, 1, 1);
    sampling->addWidget(m_topP, 1, 2);
    sampling->addWidget(m_topK, 1, 3);
    sampling->setColumnStretch(5, 1);

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(createChatTab(), QString());
    m_tabs->addTab(createEvaluationTab(), QString());

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addLayout(top);
    layout->addLayout(sampling);
    layout->addWidget(m_tabs, 1);

    connect(m_load, &QPushButton::clicked, this, &ChatPage::loadModel);
    connect(m_fromRun, &QPushButton::clicked, this, [this] {
        const QString run = QFileDialog::getExistingDirectory(this, tr("Run whose adapter to use"));
        if (!run.isEmpty())
            setAdapterFolder(run + QStringLiteral("/adapter"));
    });
    connect(m_greedy, &QCheckBox::toggled, this, [this](bool greedy) {
        for (QWidget* w : std::initializer_list<QWidget*>{m_temperature, m_topP, m_topK})
            w->setEnabled(!greedy);
    });
    connect(m_compare, &QCheckBox::toggled, this, [this](bool compare) {
        m_transcripts[1]->setVisible(compare);
        m_sideTitles[0]->setVisible(compare);
        m_sideTitles[1]->setVisible(compare);
    });
    m_greedy->toggled(true);
    m_compare->toggled(false);

    const QSettings settings;
    m_modelFolder->setText(settings.value(kModelKey).toString());
    m_adapterFolder->setText(settings.value(kAdapterKey).toString());
    setBusy(false);
    retranslateUi();
}

ChatPage::~ChatPage()
{
    m_worker->requestCancel();
    m_thread->quit();
    m_thread->wait();
}

QWidget* ChatPage::createChatTab()
{
    auto* tab = new QWidget;
    auto* sides = new QGridLayout;
    for (int side = 0; side < 2; ++side) {
        m_sideTitles[side] = new QLabel(tab);
        m_transcripts[side] = new QTextBrowser(tab);
        m_transcripts[side]->setObjectName(side ? QStringLiteral("tunedTranscript") : QStringLiteral("transcript"));
        sides->addWidget(m_sideTitles[side], 0, side);
        sides->addWidget(m_transcripts[side], 1, side);
    }
    m_question = new QLineEdit(tab);
    m_question->setObjectName(QStringLiteral("questionInput"));
    m_send = new QPushButton(tab);
    m_send->setObjectName(QStringLiteral("sendButton"));
    m_stop = new QPushButton(tab);
    m_clear = new QPushButton(tab);
    m_copy = new QPushButton(tab);
    auto* input = new QHBoxLayout;
    input->addWidget(m_question, 1);
    input->addWidget(m_send);
    input->addWidget(m_stop);
    input->addWidget(m_clear);
    input->addWidget(m_copy);
    auto* layout = new QVBoxLayout(tab);
    layout->addLayout(sides, 1);
    layout->addLayout(input);

    connect(m_send, &QPushButton::clicked, this, [this] { ask(m_question->text()); });
    connect(m_question, &QLineEdit::returnPressed, this, [this] { ask(m_question->text()); });
    connect(m_stop, &QPushButton::clicked, this, &ChatPage::stop);
    connect(m_clear, &QPushButton::clicked, this, [this] {
        for (QTextBrowser* t : m_transcripts)
            t->clear();
    });
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(m_compare->isChecked()
                                               ? m_transcripts[0]->toPlainText() + QStringLiteral("\n\n")
                                                     + m_transcripts[1]->toPlainText()
                                               : m_transcripts[0]->toPlainText());
    });
    return tab;
}

QWidget* ChatPage::createEvaluationTab()
{
    auto* tab = new QWidget;
    m_evalData = new QLineEdit(tab);
    m_evalData->setObjectName(QStringLiteral("evalDataPath"));
    m_runEval = new QPushButton(tab);
    m_runEval->setObjectName(QStringLiteral("runEvaluationButton"));
    m_evalProgress = new QProgressBar(tab);
    m_evalSummary = new QLabel(tab);
    m_evalSummary->setObjectName(QStringLiteral("evaluationSummary"));
    m_evalTable = new QTableWidget(0, EvalColumnCount, tab);
    m_evalTable->setObjectName(QStringLiteral("evaluationTable"));
    m_evalTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_evalTable->setWordWrap(true);
    m_evalTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    auto* row = new QHBoxLayout;
    row->addWidget(m_evalData, 1);
    row->addWidget(m_runEval);
    row->addWidget(m_evalProgress);
    auto* layout = new QVBoxLayout(tab);
    layout->addLayout(row);
    layout->addWidget(m_evalSummary);
    layout->addWidget(m_evalTable, 1);
    connect(m_runEval, &QPushButton::clicked, this, &ChatPage::runEvaluation);
    return tab;
}

void ChatPage::setModelFolder(const QString& folder)
{
    m_modelFolder->setText(folder);
}

void ChatPage::setAdapterFolder(const QString& folder)
{
    m_adapterFolder->setText(folder);
}

void ChatPage::setEvalDataPath(const QString& path)
{
    m_evalData->setText(path);
}

QString ChatPage::answerText(int side) const
{
    return m_answers[side];
}

infer::GenerationOptions ChatPage::generationOptions() const
{
    infer::GenerationOptions o;
    o.maxNewTokens = m_maxNewTokens->value();
    o.greedy = m_greedy->isChecked();
    o.temperature = m_temperature->value();
    o.topP = m_topP->value();
    o.topK = m_topK->value();
    return o;
}

void ChatPage::loadModel()
{
    if (m_busy || m_modelFolder->text().isEmpty())
        return;
    QSettings settings;
    settings.setValue(kModelKey, m_modelFolder->text());
    settings.setValue(kAdapterKey, m_adapterFolder->text());
    m_loaded = false;
    m_loadedLabel->setText(tr("Loading…"));
    setBusy(true);
    Q_EMIT requestLoad(m_modelFolder->text(), m_adapterFolder->text(), m_merge->isChecked());
}

void ChatPage::ask(const QString& question)
{
    if (m_busy || !m_loaded || question.trimmed().isEmpty())
        return;
    const bool compare = m_compare->isChecked() && m_hasAdapter;
    for (int side = 0; side < 2; ++side) {
        m_answers[side].clear();
        if (side == 0 || compare) {
            QTextBrowser* transcript = m_transcripts[side];
            transcript->append(QStringLiteral("<b>%1</b>").arg(question.toHtmlEscaped()));
            // The answer streams into a fresh paragraph in the plain format, not the question's bold.
            QTextCursor cursor = transcript->textCursor();
            cursor.movePosition(QTextCursor::End);
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat());
            transcript->setTextCursor(cursor);
        }
    }
    m_question->clear();
    setBusy(true);
    Q_EMIT requestAsk(question, m_template->currentData().toString(), generationOptions(), compare);
}

void ChatPage::stop()
{
    m_worker->requestCancel();
}

void ChatPage::runEvaluation()
{
    if (m_busy || !m_loaded || m_evalData->text().isEmpty())
        return;
    m_evalTable->setRowCount(0);
    m_evalSummary->clear();
    setBusy(true);
    infer::GenerationOptions options = generationOptions();
    options.greedy = true; // scores must be reproducible
    Q_EMIT requestEvaluate(m_evalData->text(), m_template->currentData().toString(), options);
}

void ChatPage::showEvaluation(const std::vector<infer::EvaluatedAnswer>& answers)
{
    m_evalTable->setSortingEnabled(false);
    m_evalTable->setRowCount(int(answers.size()));
    for (int row = 0; row < int(answers.size()); ++row) {
        const infer::EvaluatedAnswer& a = answers[size_t(row)];
        m_evalTable->setItem(row, QuestionColumn, textItem(a.question));
        m_evalTable->setItem(row, ExpectedColumn, textItem(a.expected));
        m_evalTable->setItem(row, BaseColumn, textItem(a.base));
        m_evalTable->setItem(row, TunedColumn, textItem(a.tuned));
        m_evalTable->setItem(row, BaseF1Column, scoreItem(a.baseScores, &eval::AnswerScores::charF1));
        m_evalTable->setItem(row, TunedF1Column, scoreItem(a.tunedScores, &eval::AnswerScores::charF1));
        m_evalTable->setItem(row, BaseRougeColumn, scoreItem(a.baseScores, &eval::AnswerScores::charRougeL));
        m_evalTable->setItem(row, TunedRougeColumn, scoreItem(a.tunedScores, &eval::AnswerScores::charRougeL));
    }
    m_evalTable->setSortingEnabled(true);
    const infer::EvaluationSummary summary = infer::summarize(answers);
    QStringList parts{tr("%n question(s)", nullptr, int(summary.examples))};
    for (const auto& [name, averages] : {std::pair{tr("base"), summary.base}, std::pair{tr("tuned"), summary.tuned}})
        if (averages)
            parts << tr("%1: exact match %2 %, char F1 %3, char ROUGE-L %4")
                         .arg(name)
                         .arg(100 * averages->exactMatch, 0, 'f', 1)
                         .arg(averages->charF1, 0, 'f', 3)
                         .arg(averages->charRougeL, 0, 'f', 3);
    m_evalSummary->setText(parts.join(QStringLiteral(" · ")));
}

void ChatPage::setBusy(bool busy)
{
    m_busy = busy;
    m_load->setEnabled(!busy);
    m_send->setEnabled(!busy && m_loaded);
    m_runEval->setEnabled(!busy && m_loaded);
    m_stop->setEnabled(busy && m_loaded);
}

void ChatPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void ChatPage::retranslateUi()
{
    m_title->setText(tr("Chat"));
    m_modelLabel->setText(tr("Model"));
    m_adapterLabel->setText(tr("Adapter"));
    m_adapterFolder->setPlaceholderText(tr("none: the base model only"));
    m_fromRun->setText(tr("From run…"));
    m_load->setText(tr("Load"));
    m_merge->setText(tr("Merge the adapter into the weights (16-bit only: faster, tuned answers only)"));
    if (!m_loaded && !m_busy)
        m_loadedLabel->setText(tr("Choose a model (and an adapter), then Load. Both answers come from one loaded copy."));
    m_samplingLabel->setText(tr("Template, max new tokens:"));
    m_greedy->setText(tr("Greedy"));
    m_temperature->setPrefix(tr("temperature "));
    m_topP->setPrefix(tr("top-p "));
    m_topK->setPrefix(tr("top-k "));
    m_compare->setText(tr("Compare base and tuned"));
    m_tabs->setTabText(0, tr("Chat"));
    m_tabs->setTabText(1, tr("Evaluation"));
    m_sideTitles[0]->setText(tr("Base model"));
    m_sideTitles[1]->setText(tr("Tuned (adapter on)"));
    m_question->setPlaceholderText(tr("Ask a question…"));
    m_send->setText(tr("Send"));
    m_stop->setText(tr("Stop"));
    m_clear->setText(tr("Clear"));
    m_copy->setText(tr("Copy"));
    m_evalData->setPlaceholderText(tr("JSONL with the questions and expected answers (e.g. the held-out split)"));
    m_runEval->setText(tr("Run evaluation"));
    m_evalTable->setHorizontalHeaderLabels({tr("Question"), tr("Expected"), tr("Base answer"), tr("Tuned answer"),
                                            tr("Base F1"), tr("Tuned F1"), tr("Base ROUGE-L"), tr("Tuned ROUGE-L")});
}

} // namespace qs::ui

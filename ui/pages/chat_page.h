// The Chat page (the seed guide's step 5): a model and an adapter (or a run's
// adapter) loaded once; questions asked in the template with answers
// streaming in; Stop, Clear, Copy; sampling settings; a compare mode with the
// base and tuned answers side by side; and an evaluation view that asks a
// dataset's questions and scores the answers in a sortable table.
#pragma once

#include "ui/chat/generation_worker.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTabWidget;
class QTextBrowser;
class QThread;

namespace qs::ui {

class ChatPage : public QWidget {
    Q_OBJECT
public:
    explicit ChatPage(QWidget* parent = nullptr);
    ~ChatPage() override;

    void setModelFolder(const QString& folder);
    void setAdapterFolder(const QString& folder);
    void setEvalDataPath(const QString& path);
    bool isBusy() const { return m_busy; }
    bool isLoaded() const { return m_loaded; }
    QString answerText(int side) const; // 0 base, 1 tuned: the last answer
    QTableWidget* evaluationTable() const { return m_evalTable; }
    infer::GenerationOptions generationOptions() const;

public Q_SLOTS:
    void loadModel();
    void ask(const QString& question);
    void stop();
    void runEvaluation();

Q_SIGNALS:
    void requestLoad(const QString& modelFolder, const QString& adapterFolder, bool merge);
    void requestAsk(const QString& question, const QString& templateName,
                    const qs::infer::GenerationOptions& options, bool compare);
    void requestEvaluate(const QString& dataPath, const QString& templateName,
                         const qs::infer::GenerationOptions& options);

protected:
    void changeEvent(QEvent* event) override;

private:
    QWidget* createChatTab();
    QWidget* createEvaluationTab();
    void setBusy(bool busy);
    void showEvaluation(const std::vector<infer::EvaluatedAnswer>& answers);
    void retranslateUi();

    QThread* m_thread = nullptr;
    GenerationWorker* m_worker = nullptr;
    bool m_busy = false;
    bool m_loaded = false;
    bool m_hasAdapter = false;
    QString m_answers[2];

    QLabel* m_title = nullptr;
    QLabel* m_modelLabel = nullptr;
    QLineEdit* m_modelFolder = nullptr;
    QLabel* m_adapterLabel = nullptr;
    QLineEdit* m_adapterFolder = nullptr;
    QPushButton* m_fromRun = nullptr;
    QPushButton* m_load = nullptr;
    QLabel* m_loadedLabel = nullptr;
    QComboBox* m_template = nullptr;
    QSpinBox* m_maxNewTokens = nullptr;
    QCheckBox* m_greedy = nullptr;
    QDoubleSpinBox* m_temperature = nullptr;
    QDoubleSpinBox* m_topP = nullptr;
    QSpinBox* m_topK = nullptr;
    QCheckBox* m_compare = nullptr;
    QCheckBox* m_merge = nullptr;
    QLabel* m_samplingLabel = nullptr;
    QTabWidget* m_tabs = nullptr;

    QTextBrowser* m_transcripts[2] = {nullptr, nullptr};
    QLabel* m_sideTitles[2] = {nullptr, nullptr};
    QLineEdit* m_question = nullptr;
    QPushButton* m_send = nullptr;
    QPushButton* m_stop = nullptr;
    QPushButton* m_clear = nullptr;
    QPushButton* m_copy = nullptr;

    QLineEdit* m_evalData = nullptr;
    QPushButton* m_runEval = nullptr;
    QProgressBar* m_evalProgress = nullptr;
    QLabel* m_evalSummary = nullptr;
    QTableWidget* m_evalTable = nullptr;
};

} // namespace qs::ui

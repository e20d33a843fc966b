// The Train page (the seed guide's step 4): a model folder (checked: family,
// size, tokenizer; the demo model is offered when there is none), the dataset
// and its prompt template with a rendered example, LoRA and training settings
// with the guide's ranges as hints, Start / Stop / Resume, and live charts, a
// progress bar with ETA and a log while the engine trains on a worker thread.
#pragma once

#include "core/hw/gpu_probe.h"
#include "core/model/model_config.h"
#include "ui/train/training_metatypes.h"

#include <optional>

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTextEdit;
class QThread;

namespace qs::ui {

class MemoryBar;
class TrainingCharts;
class TrainingWorker;

class TrainPage : public QWidget {
    Q_OBJECT
public:
    // hardware: what the main window probed (NVML is started once per program).
    explicit TrainPage(hw::HardwareInfo hardware, QWidget* parent = nullptr);
    ~TrainPage() override;

    void setModelFolder(const QString& folder);
    void setDatasetPath(const QString& path);
    void setRunsFolder(const QString& folder);
    QString runsFolder() const;
    bool isTraining() const { return m_training; }
    const MemoryBar* memoryBar() const { return m_memoryBar; }
    // The settings as the form shows them (what Start trains with).
    train::TrainOptions options() const;
    TrainingCharts* charts() const { return m_charts; }

public Q_SLOTS:
    void startTraining();
    void stopTraining();
    void resumeRun(const QString& runFolder);
    void makeDemoModel();
    // Fills precision, batch, accumulation, max_seq_len and checkpointing from the planner.
    void recommendSettings();

Q_SIGNALS:
    void runFinished(const QString& runFolder);
    void requestStart(const qs::train::TrainOptions& options);
    void requestResume(const QString& runFolder);
    void requestDemoModel(const QString& folder);

protected:
    void changeEvent(QEvent* event) override;

private:
    QWidget* createSettings();
    void retranslateUi();
    void updateModelInfo();
    void updatePreview();
    void updateMemoryEstimate();
    void setTraining(bool training);
    void appendLog(const QString& line);
    void onStep(const train::StepMetrics& metrics);
    void onFinished(const train::TrainResult& result);
    void onFailed(const QString& message);

    QThread* m_thread = nullptr;
    TrainingWorker* m_worker = nullptr;
    bool m_training = false;

    QLabel* m_title = nullptr;
    QLabel* m_modelLabel = nullptr;
    QLineEdit* m_modelFolder = nullptr;
    QPushButton* m_browseModel = nullptr;
    QPushButton* m_demoModel = nullptr;
    QLabel* m_modelInfo = nullptr;
    QLabel* m_dataLabel = nullptr;
    QLineEdit* m_dataPath = nullptr;
    QPushButton* m_browseData = nullptr;
    QLabel* m_templateLabel = nullptr;
    QComboBox* m_template = nullptr;
    QTextEdit* m_preview = nullptr;
    QLabel* m_runsLabel = nullptr;
    QLineEdit* m_runsFolder = nullptr;

    QComboBox* m_precision = nullptr;
    QSpinBox* m_rank = nullptr;
    QDoubleSpinBox* m_alpha = nullptr;
    QDoubleSpinBox* m_dropout = nullptr;
    QLineEdit* m_learningRate = nullptr;
    QSpinBox* m_epochs = nullptr;
    QSpinBox* m_maxSteps = nullptr;
    QSpinBox* m_batchSize = nullptr;
    QSpinBox* m_gradAccum = nullptr;
    QSpinBox* m_maxSeqLen = nullptr;
    QDoubleSpinBox* m_evalSplit = nullptr;
    QComboBox* m_checkpointing = nullptr;
    QCheckBox* m_cudaGraphs = nullptr;
    QSpinBox* m_saveEvery = nullptr;
    QSpinBox* m_seed = nullptr;
    QList<QLabel*> m_settingLabels;
    QList<QLabel*> m_hintLabels;

    hw::HardwareInfo m_hardware;
    std::optional<model::ModelConfig> m_config;
    QLabel* m_gpuLabel = nullptr;
    QLabel* m_gpuInfo = nullptr;
    QDoubleSpinBox* m_vram = nullptr;
    MemoryBar* m_memoryBar = nullptr;
    QLabel* m_memoryLabel = nullptr;
    QPushButton* m_recommend = nullptr;

    QPushButton* m_start = nullptr;
    QPushButton* m_stop = nullptr;
    QPushButton* m_resume = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    TrainingCharts* m_charts = nullptr;
    QPlainTextEdit* m_log = nullptr;
};

} // namespace qs::ui

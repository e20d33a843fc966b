#include "ui/pages/train_page.h"

#include "core/data/dataset.h"
#include "core/data/token_counts.h"
#include "core/model/model_config.h"
#include "core/plan/recommendation.h"
#include "core/text/tokenizer.h"
#include "core/text/prompt_template.h"
#include "ui/train/training_charts.h"
#include "ui/train/training_worker.h"
#include "ui/widgets/memory_bar.h"
#include "ui/widgets/page_title.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDoubleValidator>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTextEdit>
#include <QThread>
#include <QVBoxLayout>

namespace qs::ui {
namespace {

const QString kModelKey = QStringLiteral("train/modelFolder");
const QString kRunsKey = QStringLiteral("train/runsFolder");

// The form's rows: label and the seed guide's range as a hint.
struct SettingText {
    const char* label;
    const char* hint;
};
const SettingText kSettings[] = {
    {QT_TRANSLATE_NOOP("qs::ui::TrainPage", "Precision"),
     QT_TRANSLATE_NOOP("qs::ui::TrainPage", "4-bit for 8–12 GB, 8-bit for 16–24 GB, 16-bit from 32 GB")},
    {QT_TRANSLATE_NOOP("qs::ui::TrainPage", "LoRA rank r"), QT_TRANSLATE_NOOP("qs::ui::TrainPage", "8–64")},
    {QT_TRANSLATE_NOOP("qs::ui::TrainPage", "LoRA alpha"), QT_TRANSLATE_NOOP("qs::ui::TrainPage", "usually 2 × r")},
    {QT_TRANSLATE_NOOP("qs::ui::TrainPage", "LoRA dropout"), QT_TRANSLATE_NOOP("qs::ui::TrainPage", "0–0.1")},
    {QT_TRANSLATE_NOOP("qs::ui::TrainPage", "Learning rate"), QT_TRANSLATE_NOOP("qs::ui::TrainPage", "2e-4 … 1e-5")},
    {QT_TRANSLATE_NOOP("qs::ui::TrainPage", "Epochs"), QT_TRANSLATE_NOOP("qs::ui::TrainPage", "1–5 for real data")},
    {QT_TRANSLATE_NOOP("qs::ui::TrainPage", "Max steps"), QT_TRANSLATE_NOOP("qs::ui::TrainPage", "0: by epochs")},
    {QT_TRANSLATE_NOOP("qs::ui::TrainPage", "Batch size"), QT_TRANSLATE_NOOP("qs::ui::TrainPage", "1–8")},
    {QT_TRANSLATE_NOOP("qs::ui::TrainPage", "Gradient accumulation"),
     QT_TRANSLATE_NOOP("qs::ui::TrainPage", "batch × accumulation 8–16")},
    {QT_TRANSLATE_NOOP("qs::ui::TrainPage", "Max sequence length"), QT_TRANSLATE_NOOP("qs::ui::TrainPage", "512–4096")},
    {QT_TRANSLATE_NOOP("qs::ui::TrainPage", "Eval split"), QT_TRANSLATE_NOOP("qs::ui::TrainPage", "held out: 0.05–0.2")},
    {QT_TRANSLATE_NOOP("qs::ui::TrainPage", "Gradient checkpointing"),
     QT_TRANSLATE_NOOP("qs::ui::TrainPage", "on: less memory; lean: less, slower; offload: least")},
    {QT_TRANSLATE_NOOP("qs::ui::TrainPage", "CUDA graphs"),
     QT_TRANSLATE_NOOP("qs::ui::TrainPage", "GPU: each batch shape recorded once, then replayed (faster)")},
    {QT_TRANSLATE_NOOP("qs::ui::TrainPage", "Save every"), QT_TRANSLATE_NOOP("qs::ui::TrainPage", "steps; 0: at the end")},
    {QT_TRANSLATE_NOOP("qs::ui::TrainPage", "Seed"), QT_TRANSLATE_NOOP("qs::ui::TrainPage", "same seed, same run")},
};

QSpinBox* spinBox(int minimum, int maximum, int value)
{
    auto* box = new QSpinBox;
    box->setRange(minimum, maximum);
    box->setValue(value);
    return box;
}

QDoubleSpinBox* doubleSpinBox(double minimum, double maximum, double value, double step, int decimals)
{
    auto* box = new QDoubleSpinBox;
    box->setRange(minimum, maximum);
    box->setDecimals(decimals);
    box->setSingleStep(step);
    box->setValue(value);
    return box;
}

QString formatSize(int64_t bytes)
{
    return bytes < (int64_t(1) << 30) ? QStringLiteral("%1 MiB").arg(double(bytes) / double(1 << 20), 0, 'f', 1)
                                      : QStringLiteral("%1 GiB").arg(double(bytes) / double(1 << 30), 0, 'f', 2);
}

QString formatDuration(double seconds)
{
    const qint64 s = qint64(seconds + 0.5);
    return QStringLiteral("%1:%2:%3")
        .arg(s / 3600)
        .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

// The first example of a dataset file, read from its first 64 KiB only.
std::optional<data::QaExample> firstExample(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    QByteArray head = file.read(64 * 1024);
    if (!file.atEnd() && head.lastIndexOf('\n') > 0)
        head.truncate(head.lastIndexOf('\n') + 1);
    const data::Dataset dataset =
        data::importDatasetFromBytes(std::string_view(head.constData(), size_t(head.size())), path.toStdString());
    if (dataset.examples.empty())
        return std::nullopt;
    return dataset.examples.front();
}

} // namespace

TrainPage::TrainPage(hw::HardwareInfo hardware, QWidget* parent) : QWidget(parent), m_hardware(std::move(hardware))
{
    qRegisterMetaType<qs::train::TrainOptions>();
    qRegisterMetaType<qs::train::StepMetrics>();
    qRegisterMetaType<qs::train::TrainResult>();
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("trainingThread"));
    m_worker = new TrainingWorker;
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(this, &TrainPage::requestStart, m_worker, &TrainingWorker::start);
    connect(this, &TrainPage::requestResume, m_worker, &TrainingWorker::resume);
    connect(this, &TrainPage::requestDemoModel, m_worker, &TrainingWorker::makeDemoModel);
    connect(m_worker, &TrainingWorker::stepFinished, this, &TrainPage::onStep);
    connect(m_worker, &TrainingWorker::logLine, this, &TrainPage::appendLog);
    connect(m_worker, &TrainingWorker::finished, this, &TrainPage::onFinished);
    connect(m_worker, &TrainingWorker::failed, this, &TrainPage::onFailed);
    connect(m_worker, &TrainingWorker::demoModelReady, this, [this](const QString& folder) {
        m_demoModel->setEnabled(true);
        setModelFolder(folder);
        appendLog(tr("Demo model written to %1").arg(folder));
    });
    m_thread->start();

    m_title = createPageTitle(this);
    m_charts = new TrainingCharts(this);
    m_start = new QPushButton(this);
    m_start->setObjectName(QStringLiteral("startButton"));
    m_stop = new QPushButton(this);
    m_stop->setObjectName(QStringLiteral("stopButton"));
    m_resume = new QPushButton(this);
    m_resume->setObjectName(QStringLiteral("resumeButton"));

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("trainingProgress"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("trainingStatus"));
    m_status->setWordWrap(true); // long run folders must not widen the window
    m_status->setMinimumWidth(1);
    m_log = new QPlainTextEdit(this);
    m_log->setObjectName(QStringLiteral("trainingLog"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);

    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_charts, 3);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_resume);
    buttons->addWidget(m_progress, 1);
    rightLayout->addLayout(buttons);
    rightLayout->addWidget(m_status);
    rightLayout->addWidget(m_log, 1);

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(createSettings());
    scroll->setWidgetResizable(true);
    scroll->setMinimumWidth(450);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto* splitter = new QSplitter(this);
    splitter->addWidget(scroll);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({470, 630});

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(splitter, 1);

    const QSettings settings;
    setRunsFolder(settings
                      .value(kRunsKey, QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                                           + QStringLiteral("/runs"))
                      .toString());
    setModelFolder(settings.value(kModelKey).toString());
    setTraining(false);
    retranslateUi();
}

TrainPage::~TrainPage()
{
    m_worker->requestStop(); // the trainer saves a checkpoint and returns
    m_thread->quit();
    m_thread->wait();
}

QWidget* TrainPage::createSettings()
{
    auto* panel = new QWidget;
    auto* layout = new QVBoxLayout(panel);

    m_modelFolder = new QLineEdit(panel);
    m_modelFolder->setObjectName(QStringLiteral("modelFolder"));
    m_browseModel = new QPushButton(panel);
    m_demoModel = new QPushButton(panel);
    m_demoModel->setObjectName(QStringLiteral("demoModelButton"));
    m_modelInfo = new QLabel(panel);
    m_modelInfo->setObjectName(QStringLiteral("modelInfo"));
    m_modelInfo->setWordWrap(true);
    m_dataPath = new QLineEdit(panel);
    m_dataPath->setObjectName(QStringLiteral("dataPath"));
    m_browseData = new QPushButton(panel);
    m_template = new QComboBox(panel);
    m_template->setObjectName(QStringLiteral("templateChoice"));
    for (const char* name : {"korean", "llama3", "chatml"})
        m_template->addItem(QString::fromLatin1(name), QString::fromLatin1(name));
    m_preview = new QTextEdit(panel);
    m_preview->setObjectName(QStringLiteral("templatePreview"));
    m_preview->setReadOnly(true);
    m_preview->setMaximumHeight(120);
    m_preview->setLineWrapMode(QTextEdit::WidgetWidth);
    m_runsFolder = new QLineEdit(panel);
    m_runsFolder->setObjectName(QStringLiteral("runsFolder"));

    auto* inputs = new QGridLayout;
    m_modelLabel = new QLabel(panel);
    m_dataLabel = new QLabel(panel);
    m_templateLabel = new QLabel(panel);
    m_runsLabel = new QLabel(panel);
    inputs->addWidget(m_modelLabel, 0, 0);
    inputs->addWidget(m_modelFolder, 0, 1);
    inputs->addWidget(m_browseModel, 0, 2);
    inputs->addWidget(m_demoModel, 1, 1, 1, 2, Qt::AlignLeft);
    inputs->addWidget(m_modelInfo, 2, 1, 1, 2);
    inputs->addWidget(m_dataLabel, 3, 0);
    inputs->addWidget(m_dataPath, 3, 1);
    inputs->addWidget(m_browseData, 3, 2);
    inputs->addWidget(m_templateLabel, 4, 0);
    inputs->addWidget(m_template, 4, 1, 1, 2);
    inputs->addWidget(m_preview, 5, 1, 1, 2);
    inputs->addWidget(m_runsLabel, 6, 0);
    inputs->addWidget(m_runsFolder, 6, 1, 1, 2);
    layout->addLayout(inputs);

    m_gpuLabel = new QLabel(panel);
    m_gpuInfo = new QLabel(panel);
    m_gpuInfo->setWordWrap(true);
    m_vram = new QDoubleSpinBox(panel);
    m_vram->setObjectName(QStringLiteral("vramGib"));
    m_vram->setRange(1, 1024);
    m_vram->setDecimals(1);
    m_vram->setSuffix(QStringLiteral(" GiB"));
    m_vram->setValue(m_hardware.gpus.empty() ? 24.0
                                             : double(m_hardware.gpus.front().totalBytes) / double(int64_t(1) << 30));
    m_memoryBar = new MemoryBar(panel);
    m_memoryBar->setObjectName(QStringLiteral("memoryBar"));
    m_memoryLabel = new QLabel(panel);
    m_memoryLabel->setObjectName(QStringLiteral("memoryEstimate"));
    m_memoryLabel->setWordWrap(true);
    m_recommend = new QPushButton(panel);
    m_recommend->setObjectName(QStringLiteral("recommendButton"));
    auto* hardware = new QGridLayout;
    hardware->addWidget(m_gpuLabel, 0, 0);
    hardware->addWidget(m_gpuInfo, 0, 1, 1, 2);
    hardware->addWidget(m_vram, 1, 1);
    hardware->addWidget(m_recommend, 1, 2);
    hardware->addWidget(m_memoryBar, 2, 1, 1, 2);
    hardware->addWidget(m_memoryLabel, 3, 1, 1, 2);
    hardware->setColumnStretch(1, 1);
    layout->addLayout(hardware);

    const train::TrainOptions defaults;
    m_precision = new QComboBox(panel);
    m_precision->setObjectName(QStringLiteral("precisionChoice"));
    for (const model::Precision p : {model::Precision::Auto, model::Precision::Nf4, model::Precision::Int8,
                                     model::Precision::Bf16, model::Precision::Fp16, model::Precision::Fp32}) {
        const QString name = QString::fromLatin1(model::precisionName(p).data(), int(model::precisionName(p).size()));
        m_precision->addItem(name, name);
    }
    m_rank = spinBox(1, 1024, int(defaults.lora.rank));
    m_rank->setObjectName(QStringLiteral("loraRank"));
    m_alpha = doubleSpinBox(0.5, 4096, defaults.lora.alpha, 1, 1);
    m_dropout = doubleSpinBox(0, 0.9, defaults.lora.dropout, 0.01, 2);
    m_learningRate = new QLineEdit(QStringLiteral("2e-4"), panel);
    m_learningRate->setObjectName(QStringLiteral("learningRate"));
    auto* rateValidator = new QDoubleValidator(1e-8, 1, 10, m_learningRate);
    rateValidator->setNotation(QDoubleValidator::ScientificNotation);
    rateValidator->setLocale(QLocale::c());
    m_learningRate->setValidator(rateValidator);
    m_epochs = spinBox(1, 1000, int(defaults.epochs));
    m_epochs->setObjectName(QStringLiteral("epochs"));
    m_maxSteps = spinBox(0, 10000000, 0);
    m_maxSteps->setObjectName(QStringLiteral("maxSteps"));
    m_batchSize = spinBox(1, 512, int(defaults.batchSize));
    m_batchSize->setObjectName(QStringLiteral("batchSize"));
    m_gradAccum = spinBox(1, 1024, int(defaults.gradAccum));
    m_gradAccum->setObjectName(QStringLiteral("gradAccum"));
    m_maxSeqLen = spinBox(16, 131072, int(defaults.maxSeqLen));
    m_maxSeqLen->setObjectName(QStringLiteral("maxSeqLen"));
    m_maxSeqLen->setSingleStep(128);
    m_evalSplit = doubleSpinBox(0, 0.5, defaults.evalSplit, 0.05, 2);
    m_checkpointing = new QComboBox(panel);
    for (const char* mode : {"on", "off", "lean", "offload"})
        m_checkpointing->addItem(QString::fromLatin1(mode), QString::fromLatin1(mode));
    m_cudaGraphs = new QCheckBox(panel);
    m_cudaGraphs->setObjectName(QStringLiteral("cudaGraphs"));
    m_cudaGraphs->setChecked(defaults.cudaGraphs);
    m_saveEvery = spinBox(0, 1000000, int(defaults.saveEvery));
    m_seed = spinBox(0, 1 << 30, int(defaults.seed));
    connect(m_rank, &QSpinBox::valueChanged, this, [this](int r) { m_alpha->setValue(2.0 * r); });
    for (QSpinBox* box : {m_rank, m_batchSize, m_maxSeqLen})
        connect(box, &QSpinBox::valueChanged, this, &TrainPage::updateMemoryEstimate);
    for (QComboBox* box : {m_precision, m_checkpointing})
        connect(box, &QComboBox::currentIndexChanged, this, &TrainPage::updateMemoryEstimate);
    connect(m_vram, &QDoubleSpinBox::valueChanged, this, &TrainPage::updateMemoryEstimate);
    connect(m_recommend, &QPushButton::clicked, this, &TrainPage::recommendSettings);

    auto* form = new QGridLayout;
    const QList<QWidget*> fields = {m_precision, m_rank,      m_alpha,     m_dropout,   m_learningRate,
                                    m_epochs,    m_maxSteps,  m_batchSize, m_gradAccum, m_maxSeqLen,
                                    m_evalSplit, m_checkpointing, m_cudaGraphs, m_saveEvery, m_seed};
    for (int row = 0; row < fields.size(); ++row) {
        auto* label = new QLabel(panel);
        auto* hint = new QLabel(panel);
        hint->setStyleSheet(QStringLiteral("color: palette(mid);"));
        hint->setWordWrap(true);
        m_settingLabels.append(label);
        m_hintLabels.append(hint);
        form->addWidget(label, row, 0);
        form->addWidget(fields[row], row, 1);
        form->addWidget(hint, row, 2);
    }
    layout->addLayout(form);

    layout->addStretch(1);

    connect(m_browseModel, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Model folder"), m_modelFolder->text());
        if (!folder.isEmpty())
            setModelFolder(folder);
    });
    connect(m_demoModel, &QPushButton::clicked, this, &TrainPage::makeDemoModel);
    connect(m_modelFolder, &QLineEdit::editingFinished, this, &TrainPage::updateModelInfo);
    connect(m_browseData, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Training data"), m_dataPath->text(),
                                                          tr("Datasets (*.jsonl *.json *.csv)"));
        if (!path.isEmpty())
            setDatasetPath(path);
    });
    connect(m_dataPath, &QLineEdit::editingFinished, this, &TrainPage::updatePreview);
    connect(m_template, &QComboBox::currentIndexChanged, this, &TrainPage::updatePreview);
    connect(m_start, &QPushButton::clicked, this, &TrainPage::startTraining);
    connect(m_stop, &QPushButton::clicked, this, &TrainPage::stopTraining);
    connect(m_resume, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Run to resume"), runsFolder());
        if (!folder.isEmpty())
            resumeRun(folder);
    });
    return panel;
}

void TrainPage::setModelFolder(const QString& folder)
{
    m_modelFolder->setText(folder);
    if (!folder.isEmpty())
        QSettings().setValue(kModelKey, folder);
    updateModelInfo();
}

void TrainPage::setDatasetPath(const QString& path)
{
    m_dataPath->setText(path);
    updatePreview();
}

void TrainPage::setRunsFolder(const QString& folder)
{
    m_runsFolder->setText(folder);
}

QString TrainPage::runsFolder() const
{
    return m_runsFolder->text();
}

train::TrainOptions TrainPage::options() const
{
    train::TrainOptions o;
    o.model = m_modelFolder->text().toStdString();
    o.data = m_dataPath->text().toStdString();
    o.runsFolder = m_runsFolder->text().toStdString();
    o.runName = QFileInfo(m_dataPath->text()).completeBaseName().toStdString();
    o.precision = model::parsePrecision(m_precision->currentData().toString().toStdString()).value_or(o.precision);
    o.promptTemplate = m_template->currentData().toString().toStdString();
    o.lora.rank = m_rank->value();
    o.lora.alpha = m_alpha->value();
    o.lora.dropout = m_dropout->value();
    o.learningRate = QLocale::c().toDouble(m_learningRate->text());
    o.epochs = m_epochs->value();
    o.maxSteps = m_maxSteps->value();
    o.batchSize = m_batchSize->value();
    o.gradAccum = m_gradAccum->value();
    o.maxSeqLen = m_maxSeqLen->value();
    o.evalSplit = m_evalSplit->value();
    o.gradCheckpointing = train::parseCheckpointing(m_checkpointing->currentData().toString().toStdString())
                              .value_or(o.gradCheckpointing);
    o.cudaGraphs = m_cudaGraphs->isChecked();
    o.saveEvery = m_saveEvery->value();
    o.seed = uint64_t(m_seed->value());
    return o;
}

void TrainPage::updateModelInfo()
{
    const QString folder = m_modelFolder->text();
    m_demoModel->setVisible(folder.isEmpty() || !QFileInfo::exists(folder + QStringLiteral("/config.json")));
    m_config.reset();
    if (folder.isEmpty()) {
        updateMemoryEstimate();
        m_modelInfo->setText(tr("No model chosen: pick a Hugging Face model folder, or make the demo model to try "
                                "the whole flow without a GPU."));
        m_modelInfo->setStyleSheet({});
        return;
    }
    try {
        const model::ModelConfig config = model::ModelConfig::fromFile(folder.toStdString() + "/config.json");
        m_config = config;
        const bool tokenizer = QFileInfo::exists(folder + QStringLiteral("/tokenizer.json"));
        m_modelInfo->setText(tr("%1 · %2 layers · hidden %3 · %4 M parameters · weights nf4 %5, bf16 %6 · %7")
                                 .arg(QString::fromStdString(config.modelType))
                                 .arg(config.layers)
                                 .arg(config.hiddenSize)
                                 .arg(double(config.parameterCount()) / 1e6, 0, 'f', 1)
                                 .arg(formatSize(model::weightBytes(config, model::Precision::Nf4)))
                                 .arg(formatSize(model::weightBytes(config, model::Precision::Bf16)))
                                 .arg(tokenizer ? tr("tokenizer found") : tr("tokenizer.json missing")));
        m_modelInfo->setStyleSheet(tokenizer ? QString() : QStringLiteral("color: #b00020;"));
    } catch (const std::exception& e) {
        m_modelInfo->setText(QString::fromUtf8(e.what()));
        m_modelInfo->setStyleSheet(QStringLiteral("color: #b00020;"));
    }
    updateMemoryEstimate();
}

void TrainPage::updateMemoryEstimate()
{
    if (!m_memoryBar)
        return; // still building the form
    if (!m_config) {
        m_memoryBar->setParts({}, m_vram->value(), plan::kUsableShare * m_vram->value());
        m_memoryLabel->setText(tr("Choose a model to see the GPU memory these settings need."));
        m_memoryLabel->setStyleSheet({});
        return;
    }
    const train::TrainOptions o = options();
    const bool bf16 = m_hardware.gpus.empty() || m_hardware.gpus.front().major >= 8;
    const model::Precision precision =
        o.precision == model::Precision::Auto ? (bf16 ? model::Precision::Bf16 : model::Precision::Fp16) : o.precision;
    const plan::MemoryEstimate e = plan::estimateTrainingMemory(
        *m_config, {precision, o.batchSize, o.maxSeqLen, o.gradCheckpointing, o.lora.rank, 7});
    const auto gib = [](int64_t bytes) { return double(bytes) / double(int64_t(1) << 30); };
    m_memoryBar->setParts({{tr("weights"), gib(e.weights), QColor(70, 110, 190)},
                           {tr("LoRA, gradients, AdamW"), gib(e.loraStates), QColor(60, 160, 90)},
                           {tr("activations"), gib(e.activations), QColor(230, 150, 40)},
                           {tr("logits and loss"), gib(e.logits), QColor(200, 90, 160)},
                           {tr("CUDA context"), gib(e.cudaContext), QColor(140, 140, 140)},
                           {tr("allocator reserve"), gib(e.allocatorSlack), QColor(190, 190, 190)}},
                          m_vram->value(), plan::kUsableShare * m_vram->value());
    const bool fits = m_memoryBar->fits();
    m_memoryLabel->setText(tr("About %1 GiB of %2 GiB for %3, batch %4, max_seq_len %5%6")
                               .arg(gib(e.total()), 0, 'f', 1)
                               .arg(m_vram->value(), 0, 'f', 1)
                               .arg(QString::fromLatin1(model::precisionName(precision).data()))
                               .arg(o.batchSize)
                               .arg(o.maxSeqLen)
                               .arg(fits ? QString() : tr(" — does not fit: try Recommend")));
    m_memoryLabel->setStyleSheet(fits ? QString() : QStringLiteral("color: #b00020;"));
}

void TrainPage::recommendSettings()
{
    if (!m_config) {
        appendLog(tr("Choose a model first: the plan needs its config.json."));
        return;
    }
    std::vector<int64_t> lengths;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    try { // the examples' lengths in the template, when the model has a tokenizer
        const std::vector<int> counts = data::countTokens(
            data::importDataset(m_dataPath->text().toStdString()).examples,
            text::Tokenizer::fromFolder(m_modelFolder->text().toStdString()),
            text::PromptTemplate::fromName(m_template->currentData().toString().toStdString()));
        lengths.assign(counts.begin(), counts.end());
    } catch (const std::exception& e) {
        appendLog(tr("Lengths not counted: %1").arg(QString::fromUtf8(e.what())));
    }
    QApplication::restoreOverrideCursor();
    const int major = m_hardware.gpus.empty() ? 8 : m_hardware.gpus.front().major;
    const plan::Recommendation r = plan::recommend(
        *m_config, {int64_t(m_vram->value() * double(int64_t(1) << 30)), major, {}}, lengths, m_rank->value());
    const QString precision = QString::fromLatin1(model::precisionName(r.precision).data());
    m_precision->setCurrentIndex(m_precision->findData(precision));
    m_batchSize->setValue(int(r.batchSize));
    m_gradAccum->setValue(int(r.gradAccum));
    m_maxSeqLen->setValue(int(r.maxSeqLen));
    m_checkpointing->setCurrentIndex(
        m_checkpointing->findData(QString::fromLatin1(train::checkpointingName(r.checkpointing).data())));
    appendLog(tr("Recommended for %1 GiB:").arg(m_vram->value(), 0, 'f', 1));
    for (const std::string& reason : r.reasons)
        appendLog(QStringLiteral("  • ") + QString::fromStdString(reason));
    updateMemoryEstimate();
}

void TrainPage::updatePreview()
{
    const std::optional<data::QaExample> example = firstExample(m_dataPath->text());
    if (!example) {
        m_preview->setPlainText(tr("Choose a dataset to see one example in the template."));
        return;
    }
    const auto rendered = text::renderText(text::PromptTemplate::fromName(m_template->currentData().toString().toStdString()),
                                           {example->system, example->instruction, example->input, example->output});
    m_preview->setHtml(QStringLiteral("<pre style=\"white-space: pre-wrap\"><span style=\"color: gray\">%1</span>"
                                      "<b style=\"color: #1b6e20\">%2</b></pre>")
                           .arg(QString::fromStdString(rendered.prompt).toHtmlEscaped(),
                                QString::fromStdString(rendered.answer).toHtmlEscaped()));
}

void TrainPage::makeDemoModel()
{
    const QString folder =
        QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo-model");
    m_demoModel->setEnabled(false);
    appendLog(tr("Making the demo model…"));
    Q_EMIT requestDemoModel(folder);
}

void TrainPage::startTraining()
{
    if (m_training)
        return;
    const train::TrainOptions o = options();
    try {
        o.validate();
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Training settings"), QString::fromUtf8(e.what()));
        return;
    }
    QSettings().setValue(kRunsKey, m_runsFolder->text());
    m_charts->clear();
    m_log->clear();
    setTraining(true);
    Q_EMIT requestStart(o);
}

void TrainPage::resumeRun(const QString& runFolder)
{
    if (m_training)
        return;
    m_charts->setSteps(train::readMetrics(runFolder.toStdString()));
    setTraining(true);
    appendLog(tr("Resuming %1").arg(runFolder));
    Q_EMIT requestResume(runFolder);
}

void TrainPage::stopTraining()
{
    if (!m_training)
        return;
    m_worker->requestStop();
    m_stop->setEnabled(false);
    appendLog(tr("Stopping after this step; a checkpoint is saved first…"));
}

void TrainPage::setTraining(bool training)
{
    m_training = training;
    m_start->setEnabled(!training);
    m_resume->setEnabled(!training);
    m_stop->setEnabled(training);
    m_demoModel->setEnabled(!training);
}

void TrainPage::appendLog(const QString& line)
{
    m_log->appendPlainText(line);
}

void TrainPage::onStep(const train::StepMetrics& m)
{
    m_charts->addStep(m);
    m_progress->setRange(0, int(m.totalSteps));
    m_progress->setValue(int(m.step));
    QString status = tr("Step %1 of %2 · loss %3 · %4 tokens/s · ETA %5")
                         .arg(m.step)
                         .arg(m.totalSteps)
                         .arg(m.loss, 0, 'f', 4)
                         .arg(m.tokensPerSecond, 0, 'f', 0)
                         .arg(formatDuration(m.etaSeconds));
    if (m.evalLoss)
        status += tr(" · eval loss %1").arg(*m.evalLoss, 0, 'f', 4);
    m_status->setText(status);
}

void TrainPage::onFinished(const train::TrainResult& result)
{
    setTraining(false); // the trainer's own log line already carries the message
    m_status->setText(QString::fromStdString(result.message));
    if (result.outcome == train::TrainOutcome::OutOfMemory)
        QMessageBox::warning(this, tr("Out of GPU memory"), QString::fromStdString(result.message));
    Q_EMIT runFinished(QString::fromStdString(result.runFolder.string()));
}

void TrainPage::onFailed(const QString& message)
{
    m_demoModel->setEnabled(true);
    if (!m_training) { // the demo model could not be written
        appendLog(message);
        return;
    }
    setTraining(false);
    appendLog(message);
    m_status->setText(message);
    QMessageBox::warning(this, tr("Training failed"), message);
}

void TrainPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void TrainPage::retranslateUi()
{
    m_title->setText(tr("Train"));
    m_modelLabel->setText(tr("Model"));
    m_browseModel->setText(tr("Browse…"));
    m_demoModel->setText(tr("Make demo model"));
    m_demoModel->setToolTip(tr("A small random Llama model with a tokenizer trained on the demo data: the whole flow "
                               "runs on a CPU in minutes."));
    m_dataLabel->setText(tr("Dataset"));
    m_browseData->setText(tr("Browse…"));
    m_templateLabel->setText(tr("Template"));
    m_runsLabel->setText(tr("Runs folder"));
    m_gpuLabel->setText(tr("GPU"));
    m_gpuInfo->setText(m_hardware.gpus.empty()
                           ? tr("No NVIDIA GPU found; type the memory of the card you plan to use:")
                           : QString::fromStdString(m_hardware.summary()));
    m_vram->setToolTip(tr("GPU memory the plan may use"));
    m_recommend->setText(tr("Recommend"));
    m_recommend->setToolTip(tr("Precision, batch, accumulation, max_seq_len and checkpointing that fit this GPU"));
    for (int row = 0; row < m_settingLabels.size(); ++row) {
        m_settingLabels[row]->setText(tr(kSettings[row].label));
        m_hintLabels[row]->setText(tr(kSettings[row].hint));
    }
    m_start->setText(tr("Start"));
    m_stop->setText(tr("Stop"));
    m_resume->setText(tr("Resume…"));
    m_log->setPlaceholderText(tr("The training log appears here."));
    if (!m_training && m_progress->value() == 0)
        m_status->setText(tr("Ready."));
    updateModelInfo();
    updatePreview();
}

} // namespace qs::ui

#include "ui/pages/dataset_page.h"

#include "core/base/error.h"
#include "ui/dataset/check_labels.h"
#include "ui/dataset/dataset_document.h"
#include "ui/dataset/duplicate_review_dialog.h"
#include "ui/dataset/example_editor.h"
#include "ui/dataset/example_filter_proxy.h"
#include "ui/dataset/example_table_model.h"
#include "ui/dataset/import_report_view.h"
#include "ui/dataset/length_histogram.h"
#include "ui/widgets/page_title.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace qs::ui {
namespace {

constexpr int kAutosaveIntervalMs = 20000;
constexpr int kSearchDelayMs = 250; // wait for a pause in typing before filtering 100,000 rows

} // namespace

DatasetPage::DatasetPage(QWidget* parent)
    : QWidget(parent)
    , m_document(new DatasetDocument(this))
    , m_model(new ExampleTableModel(*m_document, this))
    , m_proxy(new ExampleFilterProxy(*m_document, this))
    , m_worker(new DatasetLoadWorker)
    , m_title(createPageTitle(this))
    , m_status(new QLabel(this))
    , m_openButton(new QPushButton(this))
    , m_saveButton(new QPushButton(this))
    , m_undoButton(new QPushButton(this))
    , m_redoButton(new QPushButton(this))
    , m_deleteButton(new QPushButton(this))
    , m_restoreButton(new QPushButton(this))
    , m_duplicatesButton(new QPushButton(this))
    , m_modelButton(new QPushButton(this))
    , m_maxSeqLen(new QSpinBox(this))
    , m_search(new QLineEdit(this))
    , m_regex(new QCheckBox(this))
    , m_flagFilter(new QComboBox(this))
    , m_showDeleted(new QCheckBox(this))
    , m_table(new QTableView(this))
    , m_editor(new ExampleEditor(*m_document, this))
    , m_tabs(new QTabWidget(this))
    , m_report(new ImportReportView(*m_document, this))
    , m_histogram(new LengthHistogram(*m_document, this))
{
    setObjectName(QStringLiteral("datasetPage"));
    m_status->setObjectName(QStringLiteral("datasetFileLabel"));
    m_status->setWordWrap(true);
    m_openButton->setObjectName(QStringLiteral("openDatasetButton"));
    m_saveButton->setObjectName(QStringLiteral("saveDatasetButton"));
    m_duplicatesButton->setObjectName(QStringLiteral("duplicatesButton"));
    m_search->setObjectName(QStringLiteral("searchEdit"));
    m_search->setClearButtonEnabled(true);
    m_flagFilter->setObjectName(QStringLiteral("flagFilter"));
    m_table->setObjectName(QStringLiteral("exampleTable"));

    m_proxy->setSourceModel(m_model);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ExampleTableModel::LineColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed); // uniform rows stay fast at 100k
    m_table->horizontalHeader()->setSectionResizeMode(ExampleTableModel::QuestionColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(ExampleTableModel::AnswerColumn, QHeaderView::Stretch);
    for (const int column : {int(ExampleTableModel::LineColumn), int(ExampleTableModel::QuestionCharsColumn),
                             int(ExampleTableModel::AnswerCharsColumn)})
        m_table->setColumnWidth(column, 62);
    m_table->setColumnWidth(ExampleTableModel::FlagsColumn, 110);

    // Layout: title + file status, tool row, filter row, table | editor, report/histogram tabs.
    auto* tools = new QHBoxLayout;
    for (QPushButton* button : {m_openButton, m_saveButton, m_undoButton, m_redoButton, m_deleteButton,
                                m_restoreButton, m_duplicatesButton})
        tools->addWidget(button);
    tools->addStretch();
    m_modelButton->setObjectName(QStringLiteral("tokenModelButton"));
    m_maxSeqLen->setObjectName(QStringLiteral("maxSeqLen"));
    m_maxSeqLen->setRange(32, 131072);
    m_maxSeqLen->setValue(2048);

    auto* filters = new QHBoxLayout;
    filters->addWidget(m_search, 1);
    filters->addWidget(m_regex);
    filters->addWidget(m_flagFilter);
    filters->addWidget(m_showDeleted);
    filters->addWidget(m_modelButton);
    filters->addWidget(m_maxSeqLen);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(filters);
    leftLayout->addWidget(m_table, 1);
    // Editor and report scroll when the window is small (a 768-pixel screen).
    auto scrolling = [this](QWidget* widget) {
        auto* scroll = new QScrollArea(this);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        scroll->setWidget(widget);
        return scroll;
    };
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(scrolling(m_editor));
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setSizes({680, 260});
    m_tabs->addTab(scrolling(m_report), QString());
    m_tabs->addTab(m_histogram, QString());
    auto* vertical = new QSplitter(Qt::Vertical, this);
    vertical->addWidget(split);
    vertical->addWidget(m_tabs);
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 1);
    vertical->setSizes({470, 160});

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_status);
    layout->addLayout(tools);
    layout->addWidget(vertical, 1);

    // Loading happens on the worker thread.
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(this, &DatasetPage::requestLoad, m_worker, &DatasetLoadWorker::load);
    connect(this, &DatasetPage::requestRestore, m_worker, &DatasetLoadWorker::restoreSession);
    connect(this, &DatasetPage::requestRescan, m_worker, &DatasetLoadWorker::rescanDuplicates);
    connect(this, &DatasetPage::requestTokenCounts, m_worker, &DatasetLoadWorker::countTokens);
    connect(m_worker, &DatasetLoadWorker::tokensCounted, this, [this](const std::shared_ptr<TokenCounts>& result) {
        m_loading.clear();
        m_modelFolder = result->modelFolder;
        m_document->setTokenizer(result->tokenizer, result->promptTemplate, std::move(result->counts),
                                 m_maxSeqLen->value());
        refreshState();
        Q_EMIT tokensCounted();
    });
    connect(m_worker, &DatasetLoadWorker::loaded, this, &DatasetPage::onLoaded);
    connect(m_worker, &DatasetLoadWorker::failed, this, &DatasetPage::onLoadFailed);
    connect(m_worker, &DatasetLoadWorker::duplicatesFound, this,
            [this](const std::shared_ptr<std::vector<data::DuplicateGroup>>& groups) {
                m_document->setDuplicates(std::move(*groups));
                refreshState();
            });
    m_thread.start();

    QUndoStack* undo = m_document->undoStack();
    connect(m_openButton, &QPushButton::clicked, this, &DatasetPage::openRequested);
    connect(m_saveButton, &QPushButton::clicked, this, &DatasetPage::save);
    connect(m_undoButton, &QPushButton::clicked, undo, &QUndoStack::undo);
    connect(m_redoButton, &QPushButton::clicked, undo, &QUndoStack::redo);
    connect(undo, &QUndoStack::canUndoChanged, m_undoButton, &QPushButton::setEnabled);
    connect(undo, &QUndoStack::canRedoChanged, m_redoButton, &QPushButton::setEnabled);
    connect(undo, &QUndoStack::indexChanged, this, &DatasetPage::refreshState);
    connect(m_deleteButton, &QPushButton::clicked, this, [this] { deleteSelection(true); });
    connect(m_restoreButton, &QPushButton::clicked, this, [this] { deleteSelection(false); });
    connect(m_duplicatesButton, &QPushButton::clicked, this, &DatasetPage::showDuplicates);
    connect(m_modelButton, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Model folder (with tokenizer.json)"));
        if (!folder.isEmpty())
            useModelForTokens(folder);
    });
    connect(m_maxSeqLen, &QSpinBox::valueChanged, m_document, &DatasetDocument::setMaxSeqLen);
    connect(m_document, &DatasetDocument::modifiedChanged, this, &DatasetPage::modifiedChanged);

    auto* searchDelay = new QTimer(this);
    searchDelay->setSingleShot(true);
    searchDelay->setInterval(kSearchDelayMs);
    connect(searchDelay, &QTimer::timeout, this, &DatasetPage::applyFilter);
    connect(m_search, &QLineEdit::textChanged, searchDelay, qOverload<>(&QTimer::start));
    connect(m_regex, &QCheckBox::toggled, this, &DatasetPage::applyFilter);
    connect(m_flagFilter, &QComboBox::currentIndexChanged, this, &DatasetPage::applyFilter);
    connect(m_showDeleted, &QCheckBox::toggled, m_proxy, &ExampleFilterProxy::setShowDeleted);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                m_editor->showExample(current.isValid() ? m_proxy->mapToSource(current).row() : -1);
            });

    m_autosaveTimer.setInterval(kAutosaveIntervalMs);
    connect(&m_autosaveTimer, &QTimer::timeout, this, &DatasetPage::autosaveNow);
    m_autosaveTimer.start();

    m_undoButton->setEnabled(false);
    m_redoButton->setEnabled(false);
    retranslateUi();
}

DatasetPage::~DatasetPage()
{
    // The document (a child) outlives this destructor and emits as it goes.
    m_document->undoStack()->disconnect(this);
    m_document->disconnect(this);
    m_thread.quit();
    m_thread.wait();
}

bool DatasetPage::isDatasetFile(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("jsonl") || suffix == QLatin1String("json") || suffix == QLatin1String("csv");
}

QString DatasetPage::autosavePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
           + QStringLiteral("/autosave/dataset-session.json");
}

QString DatasetPage::datasetPath() const
{
    return m_document->count() || !m_document->importReport().rejected.empty() ? m_document->sourcePath() : QString();
}

void DatasetPage::openDataset(const QString& path)
{
    m_loadError.clear();
    m_loading = QFileInfo(path).fileName();
    refreshState();
    Q_EMIT requestLoad(QFileInfo(path).absoluteFilePath());
}

void DatasetPage::useModelForTokens(const QString& modelFolder)
{
    if (m_document->count() == 0)
        return;
    m_loadError.clear();
    m_loading = tr("token counts");
    refreshState();
    Q_EMIT requestTokenCounts(modelFolder, std::make_shared<const data::Dataset>(m_document->dataset()));
}

bool DatasetPage::offerAutosaveRestore()
{
    const QFileInfo autosave(autosavePath());
    if (!autosave.exists())
        return false;
    const auto answer = QMessageBox::question(
        this, tr("Restore unsaved work?"),
        tr("The dataset studio has unsaved work from %1 that was not saved before the program stopped. "
           "Restore it?")
            .arg(QLocale().toString(autosave.lastModified(), QLocale::ShortFormat)),
        QMessageBox::Yes | QMessageBox::Discard, QMessageBox::Yes);
    if (answer != QMessageBox::Yes) {
        removeAutosave();
        return false;
    }
    restoreAutosave();
    return true;
}

void DatasetPage::restoreAutosave()
{
    m_loading = tr("unsaved work");
    refreshState();
    Q_EMIT requestRestore(autosavePath());
}

void DatasetPage::onLoaded(const std::shared_ptr<LoadedDataset>& result)
{
    m_savePath.clear();
    m_loading.clear();
    m_document->load(std::move(result->dataset), std::move(result->inspection), std::move(result->deleted),
                     result->restoredUnsaved);
    m_table->resizeRowsToContents();
    refreshState();
    Q_EMIT datasetOpened(m_document->sourcePath());
}

void DatasetPage::onLoadFailed(const QString& message)
{
    m_loading.clear();
    m_loadError = message;
    refreshState();
    Q_EMIT loadFailed(message);
}

void DatasetPage::applyFilter()
{
    if (!m_proxy->setSearch(m_search->text(), m_regex->isChecked())) {
        m_search->setStyleSheet(QStringLiteral("color: #c92a2a;"));
        m_search->setToolTip(tr("Not a valid regular expression"));
        return;
    }
    m_search->setStyleSheet(QString());
    m_search->setToolTip(QString());
    m_proxy->setFlagFilter(m_flagFilter->currentData().toInt());
}

void DatasetPage::deleteSelection(bool deleted)
{
    std::vector<int> rows;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows())
        rows.push_back(m_proxy->mapToSource(index).row());
    m_document->setDeleted(rows, deleted);
}

void DatasetPage::showDuplicates()
{
    DuplicateReviewDialog dialog(*m_document, this);
    connect(&dialog, &DuplicateReviewDialog::rescanRequested, this, [this](double threshold) {
        Q_EMIT requestRescan(std::make_shared<const data::Dataset>(m_document->dataset()), threshold);
    });
    dialog.exec();
}

bool DatasetPage::writeTo(const QString& path, bool overwriteSource)
{
    try {
        m_document->save(path, overwriteSource);
    } catch (const Error& error) {
        QMessageBox::warning(this, tr("Could not save"), QString::fromUtf8(error.what()));
        return false;
    }
    m_savePath = path;
    removeAutosave();
    refreshState();
    return true;
}

bool DatasetPage::save()
{
    return m_savePath.isEmpty() ? saveAs() : writeTo(m_savePath, /*overwriteSource=*/false);
}

bool DatasetPage::saveAs()
{
    if (m_document->count() == 0)
        return false;
    const QFileInfo source(m_document->sourcePath());
    const QString suggested = source.dir().filePath(source.completeBaseName() + QStringLiteral(".cleaned.jsonl"));
    const QString path = QFileDialog::getSaveFileName(this, tr("Save cleaned dataset"), suggested,
                                                      tr("JSON Lines (*.jsonl)"));
    if (path.isEmpty())
        return false;
    bool overwrite = false;
    if (QFileInfo(path) == source) {
        overwrite = QMessageBox::warning(this, tr("Overwrite the original?"),
                                         tr("This replaces the original file %1 with the cleaned data.")
                                             .arg(source.fileName()),
                                         QMessageBox::Yes | QMessageBox::Cancel)
                    == QMessageBox::Yes;
        if (!overwrite)
            return false;
    }
    return writeTo(path, overwrite);
}

bool DatasetPage::maybeSave()
{
    if (!m_document->isModified())
        return true;
    const auto answer = QMessageBox::warning(this, tr("Unsaved changes"),
                                             tr("The dataset has changes that are not saved. Save them?"),
                                             QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel,
                                             QMessageBox::Save);
    if (answer == QMessageBox::Cancel)
        return false;
    if (answer == QMessageBox::Save)
        return save();
    removeAutosave();
    return true;
}

void DatasetPage::autosaveNow()
{
    if (!m_document->isModified())
        return;
    try {
        QDir().mkpath(QFileInfo(autosavePath()).absolutePath());
        m_document->writeAutosave(autosavePath());
    } catch (const Error& error) {
        m_loadError = tr("autosave failed: %1").arg(QString::fromUtf8(error.what()));
        refreshState();
    }
}

void DatasetPage::removeAutosave()
{
    QFile::remove(autosavePath());
}

void DatasetPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void DatasetPage::retranslateUi()
{
    m_title->setText(tr("Dataset"));
    m_openButton->setText(tr("Open…"));
    m_saveButton->setText(tr("Save cleaned…"));
    m_undoButton->setText(tr("Undo"));
    m_redoButton->setText(tr("Redo"));
    m_deleteButton->setText(tr("Delete"));
    m_restoreButton->setText(tr("Restore"));
    m_maxSeqLen->setPrefix(tr("max_seq_len "));
    m_maxSeqLen->setToolTip(tr("Examples longer than this are flagged: training would cut them"));
    m_search->setPlaceholderText(tr("Search questions and answers"));
    m_regex->setText(tr("Regex"));
    m_showDeleted->setText(tr("Show deleted"));

    const int selected = m_flagFilter->currentIndex();
    const QSignalBlocker blocker(m_flagFilter);
    m_flagFilter->clear();
    m_flagFilter->addItem(tr("All examples"), ExampleFilterProxy::kNoFilter);
    m_flagFilter->addItem(tr("Any flag"), ExampleFilterProxy::kAnyFlag);
    for (int check = 0; check < data::kCheckCount; ++check)
        m_flagFilter->addItem(CheckLabels::name(data::Check(check)), check);
    m_flagFilter->setCurrentIndex(std::max(selected, 0));
    m_tabs->setTabText(0, tr("Import report"));
    m_tabs->setTabText(1, tr("Length histogram"));
    refreshState();
}

void DatasetPage::refreshState()
{
    const int examples = m_document->count();
    m_status->setStyleSheet(m_loadError.isEmpty() ? QString() : QStringLiteral("color: #c92a2a;"));
    if (!m_loading.isEmpty()) {
        m_status->setText(tr("Loading %1…").arg(m_loading));
    } else if (!m_loadError.isEmpty()) {
        m_status->setText(tr("Could not open the dataset: %1").arg(m_loadError));
    } else if (examples == 0 && m_document->importReport().rejected.empty()) {
        m_status->setText(tr("Open a question–answer file (JSONL, JSON or CSV) or drop it on the window."));
    } else {
        m_status->setText(tr("%1 — %2 examples, %3 deleted%4")
                              .arg(QDir::toNativeSeparators(m_document->sourcePath()))
                              .arg(examples)
                              .arg(m_document->deletedCount())
                              .arg(m_document->isModified() ? tr(", unsaved changes") : QString()));
    }
    m_undoButton->setToolTip(m_document->undoStack()->undoText());
    m_redoButton->setToolTip(m_document->undoStack()->redoText());
    m_duplicatesButton->setText(tr("Duplicates (%1)…").arg(m_document->duplicates().size()));
    m_duplicatesButton->setEnabled(!m_document->duplicates().empty());
    m_modelButton->setText(m_document->hasTokenCounts()
                               ? tr("Tokens: %1").arg(QFileInfo(m_modelFolder).fileName())
                               : tr("Count tokens with a model…"));
    m_modelButton->setEnabled(examples > 0);
    m_saveButton->setEnabled(examples > 0);
}

} // namespace qs::ui

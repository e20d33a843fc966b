// Dataset page: open or drop a question–answer file, see the import report,
// review every example in a searchable, sortable table, edit, fix, delete and
// restore with undo/redo, review duplicates, see the length histogram, and
// save the cleaned set. Unsaved work is autosaved and offered back after a crash.
#pragma once

#include "ui/dataset/dataset_load_worker.h"

#include <QThread>
#include <QTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;
class QTabWidget;

namespace qs::ui {

class DatasetDocument;
class ExampleEditor;
class ExampleFilterProxy;
class ExampleTableModel;
class ImportReportView;
class LengthHistogram;

class DatasetPage : public QWidget {
    Q_OBJECT
public:
    explicit DatasetPage(QWidget* parent = nullptr);
    ~DatasetPage() override;

    static bool isDatasetFile(const QString& path);
    // Where unsaved work is autosaved (one session at a time).
    static QString autosavePath();

    QString datasetPath() const;
    DatasetDocument& document() { return *m_document; }
    QTableView* table() const { return m_table; }
    ExampleFilterProxy* proxy() const { return m_proxy; }

    // Asks to save unsaved changes; false when the user cancels.
    bool maybeSave();
    // If an autosave exists, asks whether to restore it; true when restoring started.
    bool offerAutosaveRestore();
    // Loads the autosave without asking; datasetOpened follows.
    void restoreAutosave();
    // Writes the autosave now if there are unsaved changes (the timer does this every 20 s).
    void autosaveNow();

public Q_SLOTS:
    void openDataset(const QString& path);
    // Counts tokens with the tokenizer of a model folder (on the worker thread).
    void useModelForTokens(const QString& modelFolder);
    bool save();
    bool saveAs();

Q_SIGNALS:
    void openRequested();
    void datasetOpened(const QString& path);
    void loadFailed(const QString& message);
    void modifiedChanged(bool modified);
    void requestLoad(const QString& path);
    void requestRestore(const QString& autosavePath);
    void requestRescan(const std::shared_ptr<const qs::data::Dataset>& dataset, double threshold);
    void requestTokenCounts(const QString& modelFolder, const std::shared_ptr<const qs::data::Dataset>& dataset);
    void tokensCounted();

protected:
    void changeEvent(QEvent* event) override;

private:
    void onLoaded(const std::shared_ptr<LoadedDataset>& result);
    void onLoadFailed(const QString& message);
    void applyFilter();
    void showDuplicates();
    void removeAutosave();
    void deleteSelection(bool deleted);
    void retranslateUi();
    // Status line and the buttons that follow the document (counts, undo text, enablement).
    void refreshState();
    bool writeTo(const QString& path, bool overwriteSource);

    DatasetDocument* m_document = nullptr;
    ExampleTableModel* m_model = nullptr;
    ExampleFilterProxy* m_proxy = nullptr;
    QThread m_thread;
    DatasetLoadWorker* m_worker = nullptr;
    QTimer m_autosaveTimer;
    QString m_savePath;  // where Save writes after a first Save As
    QString m_loading;   // what is being loaded, shown while the worker runs
    QString m_loadError; // the last load or autosave error, shown in the page

    QLabel* m_title = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_openButton = nullptr;
    QPushButton* m_saveButton = nullptr;
    QPushButton* m_undoButton = nullptr;
    QPushButton* m_redoButton = nullptr;
    QPushButton* m_deleteButton = nullptr;
    QPushButton* m_restoreButton = nullptr;
    QPushButton* m_duplicatesButton = nullptr;
    QPushButton* m_modelButton = nullptr;
    QSpinBox* m_maxSeqLen = nullptr;
    QString m_modelFolder; // whose tokenizer counts the tokens
    QLineEdit* m_search = nullptr;
    QCheckBox* m_regex = nullptr;
    QComboBox* m_flagFilter = nullptr;
    QCheckBox* m_showDeleted = nullptr;
    QTableView* m_table = nullptr;
    ExampleEditor* m_editor = nullptr;
    QTabWidget* m_tabs = nullptr;
    ImportReportView* m_report = nullptr;
    LengthHistogram* m_histogram = nullptr;
};

} // namespace qs::ui

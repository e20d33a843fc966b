// Dataset page responsiveness at scale: a real Dataset page (offscreen) with
// N synthetic Korean pairs (default 100,000): the time of each thing a user
// does to the table — show it, scroll to the end, sort by length, search
// (plain and regex), filter by flag, clear — printed as a table.
//   QT_QPA_PLATFORM=offscreen bench_dataset_table [--pairs N]
#include "core/data/inspection.h"
#include "tests/bench/synthetic_korean.h"
#include "ui/dataset/dataset_document.h"
#include "ui/dataset/example_filter_proxy.h"
#include "ui/dataset/example_table_model.h"
#include "ui/pages/dataset_page.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QTableView>

#include <cstdio>
#include <cstring>
#include <vector>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    size_t pairs = 100000;
    for (int i = 1; i + 1 < argc; ++i)
        if (!std::strcmp(argv[i], "--pairs"))
            pairs = size_t(std::stoul(argv[i + 1]));

    const auto corpus = std::filesystem::temp_directory_path() / "qs_bench_table.jsonl";
    qs::bench::writeCorpus(corpus, pairs);
    qs::data::Dataset dataset = qs::data::importDataset(corpus);
    qs::data::Inspection inspection = qs::data::inspectDataset(dataset);
    std::filesystem::remove(corpus);

    qs::ui::DatasetPage page;
    page.resize(1100, 720);
    page.show();
    QTableView* table = page.table();
    qs::ui::ExampleFilterProxy* proxy = page.proxy();

    struct Row {
        const char* action;
        qint64 ms;
        int rows;
    };
    std::vector<Row> rows;
    auto timed = [&](const char* action, auto&& work) {
        QElapsedTimer timer;
        timer.start();
        work();
        table->repaint(); // the frame the user sees after the action
        QCoreApplication::processEvents();
        rows.push_back({action, timer.elapsed(), proxy->rowCount()});
    };

    timed("load into the document and show the table", [&] {
        page.document().load(std::move(dataset), std::move(inspection));
    });
    timed("scroll to the last row", [&] { table->verticalScrollBar()->setValue(table->verticalScrollBar()->maximum()); });
    timed("sort by answer length", [&] { table->sortByColumn(qs::ui::ExampleTableModel::AnswerCharsColumn, Qt::DescendingOrder); });
    timed("search plain text '보안'", [&] { proxy->setSearch(QStringLiteral("보안"), false); });
    timed("search regex '^교육.*\\d{3}'", [&] { proxy->setSearch(QStringLiteral("^교육.*\\d{3}"), true); });
    timed("clear search", [&] { proxy->setSearch(QString(), false); });
    timed("filter: any flag", [&] { proxy->setFlagFilter(qs::ui::ExampleFilterProxy::kAnyFlag); });
    timed("clear flag filter", [&] { proxy->setFlagFilter(qs::ui::ExampleFilterProxy::kNoFilter); });
    timed("delete one example (undoable)", [&] { page.document().setDeleted({10}, true); });
    timed("undo", [&] { page.document().undoStack()->undo(); });

    std::printf("Dataset table responsiveness: %zu synthetic Korean pairs, offscreen, one repaint per action\n\n", pairs);
    std::printf("| action | ms | rows shown |\n|---|---:|---:|\n");
    for (const Row& row : rows)
        std::printf("| %s | %lld | %d |\n", row.action, static_cast<long long>(row.ms), row.rows);
    return 0;
}

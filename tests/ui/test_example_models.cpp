// The example table model and its filter proxy: model invariants
// (QAbstractItemModelTester), search, regex, flag filter, deleted rows, sorting.
#include "core/data/dataset.h"
#include "core/data/inspection.h"
#include "ui/dataset/dataset_document.h"
#include "ui/dataset/example_filter_proxy.h"
#include "ui/dataset/example_table_model.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace qs;
using qs::ui::ExampleFilterProxy;
using qs::ui::ExampleTableModel;

namespace {

const std::string kLines =
    "{\"instruction\": \"대출 기간은 며칠인가요?\", \"output\": \"14일입니다.\"}\n"
    "{\"instruction\": \"Loan period?\", \"output\": \"Fourteen days, renewable once for seven more days.\"}\n"
    "{\"instruction\": \"연체료가 있나요?\", \"output\": \"\"}\n"
    "{\"instruction\": \"주차는 무료인가요?\", \"output\": \"두 시간까지 무료입니다.\"}\n";

} // namespace

class TestExampleModels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_document = std::make_unique<ui::DatasetDocument>();
        m_model = std::make_unique<ExampleTableModel>(*m_document);
        m_proxy = std::make_unique<ExampleFilterProxy>(*m_document);
        m_proxy->setSourceModel(m_model.get());
        m_modelTester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_proxyTester = std::make_unique<QAbstractItemModelTester>(
            m_proxy.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        data::Dataset dataset = data::importDatasetFromBytes(kLines, "x.jsonl");
        data::Inspection inspection = data::inspectDataset(dataset);
        m_document->load(std::move(dataset), std::move(inspection));
    }

    void cleanup()
    {
        m_proxyTester.reset();
        m_modelTester.reset();
        m_proxy.reset();
        m_model.reset();
        m_document.reset();
    }

    void columnsAndValues()
    {
        QCOMPARE(m_model->rowCount(), 4);
        QCOMPARE(m_model->columnCount(), int(ExampleTableModel::ColumnCount));
        QCOMPARE(m_model->data(m_model->index(0, ExampleTableModel::LineColumn)).toInt(), 1);
        QCOMPARE(m_model->data(m_model->index(0, ExampleTableModel::AnswerCharsColumn)).toInt(), 7); // "14일입니다."
        QVERIFY(m_model->data(m_model->index(2, ExampleTableModel::FlagsColumn)).toString().contains("empty"));
        QCOMPARE(m_model->headerData(ExampleTableModel::QuestionColumn, Qt::Horizontal).toString(), QString("Question"));
    }

    void plainSearchIsCaseInsensitive()
    {
        QVERIFY(m_proxy->setSearch("FOURTEEN", false));
        QCOMPARE(m_proxy->rowCount(), 1);
        QVERIFY(m_proxy->setSearch("무료", false));
        QCOMPARE(m_proxy->rowCount(), 1);
        QVERIFY(m_proxy->setSearch("", false));
        QCOMPARE(m_proxy->rowCount(), 4);
    }

    void regexSearch()
    {
        QVERIFY(m_proxy->setSearch("^\\d+일", true));
        QCOMPARE(m_proxy->rowCount(), 1);
        QVERIFY(!m_proxy->setSearch("(unclosed", true)); // invalid pattern: refused, old filter kept
        QCOMPARE(m_proxy->rowCount(), 1);
    }

    void flagFilter()
    {
        m_proxy->setFlagFilter(ExampleFilterProxy::kAnyFlag);
        QCOMPARE(m_proxy->rowCount(), 1);
        m_proxy->setFlagFilter(int(data::Check::EmptyField));
        QCOMPARE(m_proxy->rowCount(), 1);
        m_proxy->setFlagFilter(int(data::Check::Mojibake));
        QCOMPARE(m_proxy->rowCount(), 0);
        m_proxy->setFlagFilter(ExampleFilterProxy::kNoFilter);
        QCOMPARE(m_proxy->rowCount(), 4);
    }

    void deletedRowsHiddenUnlessShown()
    {
        m_document->setDeleted({0, 1}, true);
        QCOMPARE(m_proxy->rowCount(), 2);
        m_proxy->setShowDeleted(true);
        QCOMPARE(m_proxy->rowCount(), 4);
        QVERIFY(m_model->data(m_model->index(0, 1), ExampleTableModel::DeletedRole).toBool());
        QVERIFY(m_model->data(m_model->index(0, 1), Qt::FontRole).value<QFont>().strikeOut());
        m_document->undoStack()->undo();
        m_proxy->setShowDeleted(false);
        QCOMPARE(m_proxy->rowCount(), 4);
    }

    void sortsByLengthNumerically()
    {
        m_proxy->sort(ExampleTableModel::AnswerCharsColumn, Qt::DescendingOrder);
        QCOMPARE(m_proxy->data(m_proxy->index(0, ExampleTableModel::LineColumn)).toInt(), 2); // the English answer
        QCOMPARE(m_proxy->data(m_proxy->index(3, ExampleTableModel::LineColumn)).toInt(), 3); // the empty answer
    }

    void editsReachTheView()
    {
        m_proxy->setFlagFilter(ExampleFilterProxy::kAnyFlag);
        QCOMPARE(m_proxy->rowCount(), 1);
        m_document->editText(2, data::Field::Output, "연체료는 없습니다.");
        QCOMPARE(m_proxy->rowCount(), 0); // dynamic filter follows the edit
    }

private:
    std::unique_ptr<ui::DatasetDocument> m_document;
    std::unique_ptr<ExampleTableModel> m_model;
    std::unique_ptr<ExampleFilterProxy> m_proxy;
    std::unique_ptr<QAbstractItemModelTester> m_modelTester;
    std::unique_ptr<QAbstractItemModelTester> m_proxyTester;
};

QTEST_MAIN(TestExampleModels)
#include "test_example_models.moc"

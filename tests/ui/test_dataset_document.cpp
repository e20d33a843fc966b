// The dataset studio's document: every edit, fix, deletion and duplicate
// resolution is undoable; saving writes what is kept; autosave round-trips.
#include "core/data/dataset.h"
#include "core/data/inspection.h"
#include "core/data/session_file.h"
#include "ui/dataset/dataset_document.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace qs;
using qs::ui::DatasetDocument;

namespace {

const std::string kLines =
    "{\"instruction\": \"교육센터 주소는 어디인가요?\", \"output\": \"서울 영등포구입니다.\", \"page\": 1}\n"
    "{\"instruction\": \"교육센터  주소는 어디인가요\", \"output\": \"서울특별시 영등포구 여의대로 88입니다.\"}\n"
    "{\"instruction\": \"\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB\xE1\x84\x80\xE1\x85\xB3\xE1\x86\xAF 과정은?\", \"output\": \"  이틀 동안   진행됩니다. \"}\n"
    "{\"instruction\": \"\xE1\x84\x80\xE1\x85\xA1 과정은?\", \"output\": \"사흘입니다.\"}\n";

void loadInto(DatasetDocument& document, const std::string& lines = kLines)
{
    data::Dataset dataset = data::importDatasetFromBytes(lines, "/tmp/source.jsonl");
    data::Inspection inspection = data::inspectDataset(dataset);
    document.load(std::move(dataset), std::move(inspection));
}

bool hasFlag(const DatasetDocument& document, int row, data::Check check)
{
    return document.flags(row) & (1u << int(check));
}

} // namespace

class TestDatasetDocument : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsFindingsAndLengths()
    {
        DatasetDocument document;
        loadInto(document);
        QCOMPARE(document.count(), 4);
        QVERIFY(hasFlag(document, 2, data::Check::NotNfc));
        QVERIFY(hasFlag(document, 2, data::Check::StrayWhitespace));
        QCOMPARE(document.countWithFinding(data::Check::NotNfc), 2);
        QCOMPARE(document.questionChars(0), 15);
        QVERIFY(!document.isModified());
        QVERIFY(!document.duplicates().empty());
    }

    void editIsUndoable()
    {
        DatasetDocument document;
        loadInto(document);
        QSignalSpy modified(&document, &DatasetDocument::modifiedChanged);
        document.editText(0, data::Field::Output, "");
        QVERIFY(document.isModified());
        QVERIFY(hasFlag(document, 0, data::Check::EmptyField)); // re-checked after the edit
        QCOMPARE(modified.count(), 1);
        document.undoStack()->undo();
        QCOMPARE(document.example(0).output, std::string("서울 영등포구입니다."));
        QVERIFY(!hasFlag(document, 0, data::Check::EmptyField));
        QVERIFY(!document.isModified());
        document.undoStack()->redo();
        QCOMPARE(document.example(0).output, std::string());
    }

    void fixEverywhereIsOneUndoStep()
    {
        DatasetDocument document;
        loadInto(document);
        QCOMPARE(document.applyFixEverywhere(data::Check::NotNfc), 2);
        QCOMPARE(document.example(2).instruction, std::string("한글 과정은?"));
        QCOMPARE(document.example(3).instruction, std::string("가 과정은?"));
        QCOMPARE(document.countWithFinding(data::Check::NotNfc), 0);
        QCOMPARE(document.undoStack()->count(), 1);
        document.undoStack()->undo();
        QCOMPARE(document.countWithFinding(data::Check::NotNfc), 2);
        QVERIFY(document.applyFix(2, data::Field::Output, data::Check::StrayWhitespace));
        QCOMPARE(document.example(2).output, std::string("이틀 동안 진행됩니다."));
        QVERIFY(!document.applyFix(0, data::Field::Output, data::Check::StrayWhitespace)); // nothing to fix
    }

    void deleteAndRestore()
    {
        DatasetDocument document;
        loadInto(document);
        document.setDeleted({1, 3}, true);
        QCOMPARE(document.deletedCount(), 2);
        document.setDeleted({1, 3}, true); // no change, no undo step
        QCOMPARE(document.undoStack()->count(), 1);
        document.setDeleted({3}, false);
        QCOMPARE(document.deletedCount(), 1);
        document.undoStack()->undo();
        document.undoStack()->undo();
        QCOMPARE(document.deletedCount(), 0);
    }

    void mergeTakesChosenTextsAndIsOneUndoStep()
    {
        DatasetDocument document;
        loadInto(document);
        data::DuplicateGroup group;
        group.members = {0, 1};
        group.keeper = 1;
        document.resolveGroup(group, /*keeper=*/0, /*questionFrom=*/0, /*answerFrom=*/1);
        QCOMPARE(document.example(0).output, std::string("서울특별시 영등포구 여의대로 88입니다."));
        QVERIFY(!document.isDeleted(0));
        QVERIFY(document.isDeleted(1));
        QCOMPARE(document.undoStack()->count(), 1);
        document.undoStack()->undo();
        QCOMPARE(document.example(0).output, std::string("서울 영등포구입니다."));
        QVERIFY(!document.isDeleted(1));
    }

    void acceptAllKeepsOnePerConnectedSet()
    {
        DatasetDocument document;
        loadInto(document);
        data::DuplicateGroup a;
        a.members = {0, 1};
        a.keeper = 0;
        data::DuplicateGroup b; // overlaps a, suggests the other member
        b.members = {0, 1};
        b.keeper = 1;
        document.setDuplicates({a, b});
        document.acceptAllSuggestions();
        QCOMPARE(int(document.isDeleted(0)) + int(document.isDeleted(1)), 1);
    }

    void saveWritesKeptExamplesAndMarksClean()
    {
        QTemporaryDir dir;
        DatasetDocument document;
        loadInto(document);
        document.setDeleted({1}, true);
        document.editText(3, data::Field::Output, "나흘입니다.");
        const QString path = dir.filePath("clean.jsonl");
        document.save(path, false);
        QVERIFY(!document.isModified());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.size(), 4); // three examples and the final newline
        QCOMPARE(lines[0].toStdString(), kLines.substr(0, kLines.find('\n'))); // untouched: byte for byte
        QVERIFY(lines[2].contains("나흘입니다."));
    }

    void autosaveRoundTrips()
    {
        QTemporaryDir dir;
        DatasetDocument document;
        loadInto(document);
        document.setDeleted({2}, true);
        document.editText(0, data::Field::Instruction, "고친 질문");
        const QString path = dir.filePath("session.json");
        document.writeAutosave(path);
        const data::Session session = data::loadSession(path.toStdString());
        QCOMPARE(session.dataset.examples.size(), size_t(4));
        QCOMPARE(session.dataset.examples[0].instruction, std::string("고친 질문"));
        QCOMPARE(session.deleted, (std::vector<bool>{false, false, true, false}));
        QCOMPARE(session.dataset.sourceName, std::string("/tmp/source.jsonl"));

        DatasetDocument restored;
        restored.load(session.dataset, data::inspectDataset(session.dataset), session.deleted,
                      /*restoredUnsaved=*/true);
        QVERIFY(restored.isModified());
        QCOMPARE(restored.deletedCount(), 1);
    }
};

QTEST_MAIN(TestDatasetDocument)
#include "test_dataset_document.moc"

// Atomic writes: the target is either the old file or the complete new one,
// never a half-written mix, and no temporary file is left behind.
#include "core/base/atomic_file.h"
#include "core/base/error.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <fstream>
#include <sstream>
#include <sys/resource.h>
#include <sys/stat.h>

namespace fs = std::filesystem;

namespace {

std::string readAll(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// Names in `folder` other than the ones given: leftover temporaries.
QStringList entriesBesides(const fs::path& folder, const QStringList& expected)
{
    QStringList names = QDir(QString::fromStdString(folder.string()))
                            .entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
    for (const QString& name : expected)
        names.removeAll(name);
    return names;
}

// Lowers the file size limit for the life of the object so that write() fails
// with EFBIG part-way: a real "disk full" in the middle of a write.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        ::getrlimit(RLIMIT_FSIZE, &m_saved);
        m_previousHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limit = m_saved;
        limit.rlim_cur = bytes;
        ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    ~FileSizeLimit()
    {
        ::setrlimit(RLIMIT_FSIZE, &m_saved);
        std::signal(SIGXFSZ, m_previousHandler);
    }

private:
    rlimit m_saved{};
    void (*m_previousHandler)(int) = nullptr;
};

} // namespace

class TestAtomicFile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_folder = m_dir->path().toStdString();
        m_target = m_folder / "데이터.jsonl";
    }

    void writesNewFile()
    {
        qs::writeFileAtomically(m_target, "{\"instruction\": \"안녕\"}\n");
        QCOMPARE(readAll(m_target), std::string("{\"instruction\": \"안녕\"}\n"));
        QCOMPARE(entriesBesides(m_folder, {"데이터.jsonl"}), QStringList());
    }

    void replacesExistingFile()
    {
        qs::writeFileAtomically(m_target, "old");
        qs::writeFileAtomically(m_target, "new content");
        QCOMPARE(readAll(m_target), std::string("new content"));
        QCOMPARE(entriesBesides(m_folder, {"데이터.jsonl"}), QStringList());
    }

    void newFileHasNormalPermissions()
    {
        const mode_t mask = ::umask(022);
        qs::writeFileAtomically(m_target, "x");
        ::umask(mask);
        struct stat info {};
        QCOMPARE(::stat(m_target.c_str(), &info), 0);
        QCOMPARE(info.st_mode & 0777, mode_t(0644));
    }

    void abandonedWriterLeavesOldFile()
    {
        qs::writeFileAtomically(m_target, "old");
        {
            qs::AtomicFileWriter writer(m_target);
            writer.write("half of the new");
            QVERIFY(fs::exists(writer.temporaryPath()));
        } // no commit: as if the program stopped here
        QCOMPARE(readAll(m_target), std::string("old"));
        QCOMPARE(entriesBesides(m_folder, {"데이터.jsonl"}), QStringList());
    }

    void exceptionHalfWayLeavesOldFile()
    {
        qs::writeFileAtomically(m_target, "old");
        try {
            qs::AtomicFileWriter writer(m_target);
            writer.write("line 1\n");
            throw std::runtime_error("serialisation failed half-way");
        } catch (const std::runtime_error&) {
        }
        QCOMPARE(readAll(m_target), std::string("old"));
        QCOMPARE(entriesBesides(m_folder, {"데이터.jsonl"}), QStringList());
    }

    void diskFullHalfWayLeavesOldFile()
    {
        qs::writeFileAtomically(m_target, "old");
        const std::string big(1 << 20, 'x');
        bool threw = false;
        {
            FileSizeLimit limit(64 * 1024);
            try {
                qs::AtomicFileWriter writer(m_target);
                writer.write(big); // fails after 64 KiB
                writer.commit();
            } catch (const qs::Error& error) {
                threw = true;
                QVERIFY2(std::string(error.what()).find("데이터.jsonl") != std::string::npos, error.what());
                QVERIFY2(error.hint().find("unchanged") != std::string::npos, error.what());
            }
        }
        QVERIFY(threw);
        QCOMPARE(readAll(m_target), std::string("old"));
        QCOMPARE(entriesBesides(m_folder, {"데이터.jsonl"}), QStringList());
    }

    void missingFolderIsClearError()
    {
        const fs::path target = m_folder / "no" / "such" / "folder" / "out.jsonl";
        try {
            qs::writeFileAtomically(target, "x");
            QFAIL("expected qs::Error");
        } catch (const qs::Error& error) {
            QVERIFY2(error.location().find("such/folder") != std::string::npos, error.what());
            QVERIFY2(!error.hint().empty(), error.what());
        }
    }

    void renameFailureLeavesTargetAndNoTemporary()
    {
        const fs::path target = m_folder / "a folder";
        fs::create_directory(target);
        fs::path temporary;
        try {
            qs::AtomicFileWriter writer(target);
            temporary = writer.temporaryPath();
            writer.write("x");
            writer.commit(); // rename of a file over a folder fails
            QFAIL("expected qs::Error");
        } catch (const qs::Error&) {
        }
        QVERIFY(fs::is_directory(target));
        QVERIFY(!temporary.empty());
        QVERIFY(!fs::exists(temporary));
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    fs::path m_folder;
    fs::path m_target;
};

QTEST_APPLESS_MAIN(TestAtomicFile)
#include "test_atomic_file.moc"

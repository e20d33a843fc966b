// The qlora program as a user runs it: --version, --help, unknown commands.
#include "tests/support/run_cli.h"

#include <QRegularExpression>
#include <QTest>

using qs::test::runCli;
using Result = qs::test::CliResult;

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void version()
    {
        const Result result = runCli({QStringLiteral("--version")});
        QCOMPARE(result.exitCode, 0);
        const QStringList lines = result.out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QVERIFY2(lines[0].startsWith(QStringLiteral("qlora ")), qPrintable(result.out));
        QVERIFY2(lines[1].contains(QRegularExpression(QStringLiteral("^libtorch \\d+\\.\\d+"))),
                 qPrintable(result.out));
        QVERIFY2(lines[2].startsWith(QStringLiteral("CUDA: ")), qPrintable(result.out));
    }

    void versionSubcommandMatchesFlag()
    {
        QCOMPARE(runCli({QStringLiteral("version")}).out, runCli({QStringLiteral("--version")}).out);
    }

    void helpListsCommands()
    {
        const Result result = runCli({QStringLiteral("--help")});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.contains(QStringLiteral("Usage: qlora COMMAND")));
        QVERIFY(result.out.contains(QRegularExpression(QStringLiteral("\\n  version\\s+show program"))));
    }

    void noArgumentsShowsHelpAndFails()
    {
        const Result result = runCli({});
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.out.contains(QStringLiteral("Usage:")));
    }

    void unknownCommandIsClearError()
    {
        const Result result = runCli({QStringLiteral("frobnicate")});
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.err.contains(QStringLiteral("unknown command 'frobnicate'")));
        QVERIFY(result.err.contains(QStringLiteral("qlora --help")));
    }
};

QTEST_APPLESS_MAIN(TestCli)
#include "test_cli.moc"

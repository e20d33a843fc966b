// Runs the built qlora program (QS_CLI_PATH) as a user would and collects its output.
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace qs::test {

struct CliResult {
    int exitCode = -1;
    QString out;
    QString err;
};

// A run still going after `timeoutMs` is killed and reported as a failure
// whose error text says so (QProcess would otherwise be destroyed while running).
inline CliResult runCli(const QStringList& arguments, int timeoutMs = 300000)
{
    QProcess process;
    process.start(QStringLiteral(QS_CLI_PATH), arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {-1, QString::fromUtf8(process.readAllStandardOutput()),
                QStringLiteral("qlora %1 did not finish within %2 s\n%3")
                    .arg(arguments.join(' '))
                    .arg(timeoutMs / 1000)
                    .arg(QString::fromUtf8(process.readAllStandardError()))};
    }
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

} // namespace qs::test

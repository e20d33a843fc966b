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

inline CliResult runCli(const QStringList& arguments)
{
    QProcess process;
    process.start(QStringLiteral(QS_CLI_PATH), arguments);
    if (!process.waitForFinished(300000))
        return {};
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

} // namespace qs::test

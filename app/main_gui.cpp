// qlora-studio — the desktop application: wires settings, language and the main window.
#include "core/base/build_info.h"
#include "ui/language.h"
#include "ui/main_window.h"
#include "ui/pages/dataset_page.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>

namespace {

// The bundled Korean demo dataset, copied out of the resources to a real file so
// that the engine (which knows no Qt resources) can read it.
QString materializeDemoDataset()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo");
    QDir().mkpath(folder);
    const QString path = folder + QStringLiteral("/financial_security_qa.jsonl");
    QFile::remove(path);
    if (!QFile::copy(QStringLiteral(":/demo/financial_security_qa.jsonl"), path))
        return {};
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    return path;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("QLoRA Studio"));
    QApplication::setApplicationName(QStringLiteral("qlora-studio"));
    QApplication::setApplicationDisplayName(QStringLiteral("QLoRA Studio"));
    QApplication::setApplicationVersion(QString::fromStdString(qs::buildInfo().programVersion));
    QApplication::setDesktopFileName(QStringLiteral("qlora-studio"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Fine-tune language models with (Q)LoRA on your own GPU."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demoOption(QStringLiteral("demo"),
                                        QStringLiteral("Open the bundled Korean demo dataset (also done on the first start)."));
    const QCommandLineOption languageOption(QStringLiteral("lang"),
                                            QStringLiteral("User interface language: system, ko or en."),
                                            QStringLiteral("language"));
    parser.addOption(demoOption);
    parser.addOption(languageOption);
    parser.addPositionalArgument(QStringLiteral("dataset"), QStringLiteral("A JSONL, JSON or CSV file to open."),
                                 QStringLiteral("[dataset]"));
    parser.process(app);

    if (parser.isSet(languageOption))
        QSettings().setValue(QStringLiteral("ui/language"), parser.value(languageOption));
    qs::ui::UiLanguage language;
    language.apply(QSettings().value(QStringLiteral("ui/language"), qs::ui::kLanguageSystem).toString());

    qs::ui::MainWindow window(language);
    window.show();
    // The demo dataset opens when asked for, and on the very first start.
    QSettings settings;
    const bool firstStart = !settings.value(QStringLiteral("app/startedBefore")).toBool();
    settings.setValue(QStringLiteral("app/startedBefore"), true);
    if (!parser.positionalArguments().isEmpty())
        window.openDataset(parser.positionalArguments().constFirst());
    else if (!window.datasetPage()->offerAutosaveRestore() && (parser.isSet(demoOption) || firstStart))
        window.openDataset(materializeDemoDataset());
    return app.exec();
}

#include "ui/language.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>

namespace qs::ui {

QStringList UiLanguage::choices()
{
    return {kLanguageSystem, QStringLiteral("ko"), QStringLiteral("en")};
}

QString UiLanguage::systemLanguage()
{
    return QLocale::system().language() == QLocale::Korean ? QStringLiteral("ko") : QStringLiteral("en");
}

QString UiLanguage::translationsFolder()
{
    return QDir(QCoreApplication::applicationDirPath())
        .absoluteFilePath(QStringLiteral("../share/qlora-studio/translations"));
}

QString UiLanguage::apply(const QString& choice)
{
    const QString language = choice == kLanguageSystem || !choices().contains(choice) ? systemLanguage() : choice;
    QCoreApplication::removeTranslator(&m_appTranslator);
    QCoreApplication::removeTranslator(&m_qtTranslator);
    // English is the source language; its .qm only supplies plural forms.
    m_active = QStringLiteral("en");
    if (m_appTranslator.load(QStringLiteral("qlora_studio_") + language, translationsFolder())) {
        QCoreApplication::installTranslator(&m_appTranslator);
        m_active = language;
    }
    // Qt's own dialogs (file chooser, message boxes), when Debian's qt6-translations-l10n is there.
    if (m_qtTranslator.load(QStringLiteral("qtbase_") + language,
                            QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&m_qtTranslator);
    return m_active;
}

} // namespace qs::ui

// UI language: Korean or English through Qt Linguist translations, chosen by the
// user or following the system locale. Switching sends LanguageChange to every
// widget, which re-reads its texts (retranslateUi).
#pragma once

#include <QString>
#include <QStringList>
#include <QTranslator>

namespace qs::ui {

// Choices stored in settings: "system", "ko", "en".
inline const QString kLanguageSystem = QStringLiteral("system");

class UiLanguage {
public:
    // Applies a choice and returns the language actually in use ("ko" or "en").
    QString apply(const QString& choice);
    QString active() const { return m_active; }

    static QStringList choices();
    // The language the system locale asks for, among those we ship.
    static QString systemLanguage();
    // Where the .qm files are: <bindir>/../share/qlora-studio/translations,
    // the same relative place in the build tree and in the installed package.
    static QString translationsFolder();

private:
    QTranslator m_appTranslator;
    QTranslator m_qtTranslator;
    QString m_active = QStringLiteral("en");
};

} // namespace qs::ui

// A page whose features arrive with a later part of the program: it names the
// page and says what it will hold. Replaced by the real page when that lands.
#pragma once

#include <QWidget>

class QLabel;

namespace qs::ui {

class PlannedPage : public QWidget {
    Q_OBJECT
public:
    // Texts are untranslated source strings marked with QT_TRANSLATE_NOOP("qs::ui::PlannedPage", ...).
    PlannedPage(const char* title, const char* description, QWidget* parent = nullptr);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    const char* m_titleSource;
    const char* m_descriptionSource;
    QLabel* m_title = nullptr;
    QLabel* m_description = nullptr;
};

} // namespace qs::ui

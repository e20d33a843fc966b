#include "ui/pages/planned_page.h"

#include "ui/widgets/page_title.h"

#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

namespace qs::ui {

PlannedPage::PlannedPage(const char* title, const char* description, QWidget* parent)
    : QWidget(parent)
    , m_titleSource(title)
    , m_descriptionSource(description)
    , m_title(createPageTitle(this))
    , m_description(new QLabel(this))
{
    m_description->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_description);
    layout->addStretch();
    retranslateUi();
}

void PlannedPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void PlannedPage::retranslateUi()
{
    m_title->setText(tr(m_titleSource));
    m_description->setText(tr(m_descriptionSource));
}

} // namespace qs::ui

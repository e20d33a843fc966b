#include "ui/widgets/page_title.h"

#include <QLabel>

namespace qs::ui {

QLabel* createPageTitle(QWidget* parent)
{
    auto* title = new QLabel(parent);
    title->setObjectName(QStringLiteral("pageTitle"));
    QFont font = title->font();
    font.setPointSizeF(font.pointSizeF() * 1.6);
    font.setBold(true);
    title->setFont(font);
    return title;
}

} // namespace qs::ui

// The large bold heading at the top of every page.
#pragma once

class QLabel;
class QWidget;

namespace qs::ui {

QLabel* createPageTitle(QWidget* parent);

} // namespace qs::ui

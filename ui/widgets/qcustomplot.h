// QCustomPlot for this project: its header uses Qt's keyword macros (signals,
// foreach), which every Qt target here turns off with QT_NO_KEYWORDS (DESIGN.md
// §1, for libtorch). They are mapped to the Q_ forms for this header only.
#pragma once

#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach

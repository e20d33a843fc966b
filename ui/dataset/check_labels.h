// Translated names of the dataset checks, for flags, filters and fix buttons.
#pragma once

#include "core/data/checks.h"

#include <QCoreApplication>
#include <QString>

namespace qs::ui {

class CheckLabels {
    Q_DECLARE_TR_FUNCTIONS(CheckLabels)
public:
    static QString name(data::Check check);      // "not NFC", "empty field", ...
    static QString fixAction(data::Check check); // "Normalise to NFC", ...
    // Short names of every check set in `flags`, comma separated.
    static QString list(uint32_t flags);
};

} // namespace qs::ui

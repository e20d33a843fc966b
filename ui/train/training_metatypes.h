// The engine's training types as Qt meta-types, for queued signals between the
// training worker's thread and the UI. Include before any class whose signals carry them.
#pragma once

#include "core/train/trainer.h"

#include <QMetaType>

Q_DECLARE_METATYPE(qs::train::TrainOptions)
Q_DECLARE_METATYPE(qs::train::StepMetrics)
Q_DECLARE_METATYPE(qs::train::TrainResult)

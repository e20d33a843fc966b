#include "core/train/lr_schedule.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace qs::train {

std::string_view scheduleName(ScheduleKind kind)
{
    switch (kind) {
    case ScheduleKind::Linear: return "linear";
    case ScheduleKind::Cosine: return "cosine";
    case ScheduleKind::Constant: return "constant";
    }
    return "?";
}

std::optional<ScheduleKind> parseSchedule(std::string_view name)
{
    for (const ScheduleKind kind : {ScheduleKind::Linear, ScheduleKind::Cosine, ScheduleKind::Constant})
        if (scheduleName(kind) == name)
            return kind;
    return std::nullopt;
}

double LrSchedule::at(int64_t step) const
{
    if (step < warmupSteps)
        return peak * double(step) / double(std::max<int64_t>(1, warmupSteps));
    const double decaySteps = double(std::max<int64_t>(1, totalSteps - warmupSteps));
    const double progress = double(step - warmupSteps) / decaySteps;
    switch (kind) {
    case ScheduleKind::Linear: return peak * std::max(0.0, 1.0 - progress);
    case ScheduleKind::Cosine: return peak * std::max(0.0, 0.5 * (1.0 + std::cos(std::numbers::pi * progress)));
    case ScheduleKind::Constant: return peak;
    }
    return peak;
}

} // namespace qs::train

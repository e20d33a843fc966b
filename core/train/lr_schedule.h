// Learning-rate schedules with linear warmup, as transformers' get_*_schedule_with_warmup
// define them: the rate of optimizer step `step` (0-based) is peak · factor(step),
// so with warmup the first step has rate 0, exactly as there.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace qs::train {

enum class ScheduleKind { Linear, Cosine, Constant };
std::string_view scheduleName(ScheduleKind kind);
std::optional<ScheduleKind> parseSchedule(std::string_view name);

struct LrSchedule {
    ScheduleKind kind = ScheduleKind::Cosine;
    double peak = 2e-4;
    int64_t warmupSteps = 0;
    int64_t totalSteps = 1;

    double at(int64_t step) const;
};

} // namespace qs::train

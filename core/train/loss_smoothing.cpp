#include "core/train/loss_smoothing.h"

namespace qs::train {

std::vector<double> smoothedCurve(const std::vector<double>& values, double weight)
{
    std::vector<double> smoothed;
    smoothed.reserve(values.size());
    double average = 0;
    double correction = 1;
    for (const double value : values) {
        average = weight * average + (1 - weight) * value;
        correction *= weight;
        smoothed.push_back(average / (1 - correction));
    }
    return smoothed;
}

} // namespace qs::train

// The smoothed loss curve drawn beside the raw one: an exponential moving
// average with TensorBoard's start-up correction, so the first points are not
// pulled toward zero.
#pragma once

#include <vector>

namespace qs::train {

// weight in [0, 1): 0 returns the values unchanged; 0.9 is a strong smoothing.
std::vector<double> smoothedCurve(const std::vector<double>& values, double weight);

} // namespace qs::train

// Dynamic loss scaling for fp16 training, as torch.cuda.amp.GradScaler does it:
// the loss is multiplied by a large scale so that small fp16 gradients do not
// underflow; a step whose gradients overflow is skipped and the scale halved;
// after 2000 good steps in a row the scale doubles. Without fp16 the scale
// stays 1 and only the skip of non-finite steps remains.
#pragma once

#include <cstdint>

namespace qs::train {

class DynamicLossScaler {
public:
    static constexpr double kInitialScale = 65536.0;
    static constexpr int64_t kGrowthInterval = 2000;

    explicit DynamicLossScaler(bool enabled) : m_enabled(enabled), m_scale(enabled ? kInitialScale : 1.0) {}

    bool enabled() const { return m_enabled; }
    double scale() const { return m_scale; }
    int64_t goodSteps() const { return m_goodSteps; }

    // Called once per step with whether the unscaled gradients were finite;
    // returns whether the optimizer may apply them.
    bool update(bool finite)
    {
        if (!finite) {
            if (m_enabled)
                m_scale /= 2;
            m_goodSteps = 0;
            return false;
        }
        if (m_enabled && ++m_goodSteps % kGrowthInterval == 0)
            m_scale *= 2;
        return true;
    }

    // From a checkpoint.
    void restore(double scale, int64_t goodSteps)
    {
        m_scale = scale;
        m_goodSteps = goodSteps;
    }

private:
    bool m_enabled;
    double m_scale;
    int64_t m_goodSteps = 0;
};

} // namespace qs::train

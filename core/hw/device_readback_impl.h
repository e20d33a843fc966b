// A few numbers a device computed, copied to host memory at a point of its
// work: reading them waits for that point only. Tensor::item() waits for all
// the work issued on the stream, so a host that has already issued the next
// training step would wait for that one too and leave the GPU idle while it
// prepares the step after. Each readback also marks when the device got there,
// which times a step as the device ran it. Torch types: only core includes this header.
#pragma once

#include <torch/torch.h>

#include <chrono>
#include <memory>
#include <vector>

namespace qs::hw {

class DeviceReadback {
public:
    // Copies `values` (0-dim tensors on `device`, any number) to host memory
    // behind the work issued so far; nothing waits.
    DeviceReadback(const std::vector<torch::Tensor>& values, const torch::Device& device);

    // Waits until the device got to this point, then the values, as doubles.
    std::vector<double> values() const;
    // Seconds between `earlier`'s point and this one as the device ran them (on
    // a CUDA GPU its own clock, idle time included; elsewhere the host's clock
    // when each was made, the work being done by then). Waits for this point.
    double secondsSince(const DeviceReadback& earlier) const;

private:
    struct Event;
    torch::Tensor m_host; // fp64, pinned memory on a CUDA GPU
    std::shared_ptr<Event> m_event; // CUDA only
    std::chrono::steady_clock::time_point m_madeAt;
};

} // namespace qs::hw

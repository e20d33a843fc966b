"""What the GPU did while the yardstick trained, sampled through NVML (ctypes,
no pynvml needed) on a side thread: the table cells `qlora bench train` prints
from core/hw/gpu_activity — share of time a kernel ran, SM clock (maximum),
power (limit), and NVML's reasons for clocks below the maximum.

    with GpuActivity(torch_device_index) as activity:
        ...timed steps...
    activity.cells()
"""
import ctypes
import threading

# NVML's nvmlClocksEventReason* bits, named as core/hw/gpu_activity.cpp names them.
REASONS = [(0x2, "application clocks"), (0x4, "power cap"), (0x8, "hardware slowdown"), (0x10, "sync boost"),
           (0x20, "thermal (software)"), (0x40, "thermal (hardware)"), (0x80, "power brake"),
           (0x100, "display clocks")]
CLOCK_SM = 1


class Utilization(ctypes.Structure):
    _fields_ = [("gpu", ctypes.c_uint), ("memory", ctypes.c_uint)]


def reason_names(mask):
    names = [name for bit, name in REASONS if mask & bit]
    known = 0x1 | sum(bit for bit, _ in REASONS)
    if mask & ~known:
        names.append("other")
    return ", ".join(names) if names else ("idle" if mask & 0x1 else "none")


class GpuActivity:
    def __init__(self, pci_bus_id=None, index=0, period=0.02, library="libnvidia-ml.so.1"):
        self.period, self.samples, self.device = period, [], None
        try:
            self.nvml = ctypes.CDLL(library)
        except OSError:
            return
        if self.nvml.nvmlInit_v2() != 0:
            return
        device = ctypes.c_void_p()
        by_bus = getattr(self.nvml, "nvmlDeviceGetHandleByPciBusId_v2", None)  # older drivers lack it
        found = pci_bus_id and by_bus and by_bus(pci_bus_id.encode(), ctypes.byref(device)) == 0
        if found or self.nvml.nvmlDeviceGetHandleByIndex_v2(index, ctypes.byref(device)) == 0:
            self.device = device
        # Renamed "clocks event reasons" in CUDA 12.2's NVML.
        self.reasons = getattr(self.nvml, "nvmlDeviceGetCurrentClocksEventReasons", None) or \
            self.nvml.nvmlDeviceGetCurrentClocksThrottleReasons

    def _value(self, function, *arguments):
        value = ctypes.c_uint()
        return value.value if function(self.device, *arguments, ctypes.byref(value)) == 0 else 0

    def _sample(self):
        rates, reasons = Utilization(), ctypes.c_ulonglong()
        busy = rates.gpu if self.nvml.nvmlDeviceGetUtilizationRates(self.device, ctypes.byref(rates)) == 0 else 0
        self.reasons(self.device, ctypes.byref(reasons))
        return (busy, self._value(self.nvml.nvmlDeviceGetClockInfo, CLOCK_SM),
                self._value(self.nvml.nvmlDeviceGetPowerUsage), reasons.value)

    def _run(self):
        while not self.stop.is_set():
            self.samples.append(self._sample())
            self.stop.wait(self.period)

    def __enter__(self):
        if self.device is not None:
            self.stop = threading.Event()
            self.thread = threading.Thread(target=self._run, daemon=True)
            self.thread.start()
        return self

    def __exit__(self, *_):
        if self.device is not None:
            self.stop.set()
            self.thread.join()

    def cells(self):
        if not self.samples:
            return "– | – | – | –"
        n = len(self.samples)
        busy, clock, power = (sum(sample[i] for sample in self.samples) / n for i in range(3))
        mask = 0
        for sample in self.samples:
            mask |= sample[3]
        max_clock = self._value(self.nvml.nvmlDeviceGetMaxClockInfo, CLOCK_SM)
        limit = self._value(self.nvml.nvmlDeviceGetEnforcedPowerLimit)
        return (f"{busy:.1f} % | {clock:.0f} ({max_clock}) | {power / 1000:.0f} ({limit / 1000:.0f}) | "
                f"{reason_names(mask)}")

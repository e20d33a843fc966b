// libtorch runs CPU work on its OpenMP threads and hands matrix products to
// libblas.so.3, which on Debian is OpenBLAS (installer/install-deps.sh). The
// pthread build of OpenBLAS starts threads of its own, and the two pools then
// wait for each other's cores: training the demo model on the CPU of this
// project's 2-core CI machine took 32.4 s for 40 steps against 12.7 s with
// one BLAS thread (2026-11-30). With one thread per product, the parallelism
// is libtorch's alone.
#pragma once

namespace qs::hw {

// Asks OpenBLAS, where it is the BLAS in use, for one thread per call; once
// per process, before CPU work. Any other BLAS is left alone.
void useOneBlasThreadPerProduct();

} // namespace qs::hw

// The LoRA branches' backward products that read each output's gradient G
// (dL/d(A x) = scale · G B and dL/dB = scale · Gᵀ L): the one-kernel way
// (fused::branchGradients, core/kernels/lora_kernels.cu) against libtorch's
// (cuBLAS) products, for Llama-3-8B's projection groups at rank 16 in bf16, at
// 2,048 to 8,192 rows. Prints a Markdown table with GPU time per group (CUDA
// events, the calls queued behind a sleeping kernel so that the host's launch
// time is not measured) and the way the engine picks (kernels::branchGradientsPay).
// libtorch's widening of B's gradient to fp32 is left out: the engine does it
// in the launch that widens the A's.
//   bench_branch_gradients [--repeats N]
#include "core/model/low_rank_branches_impl.h"

#include <ATen/cuda/CUDAEvent.h>
#include <ATen/cuda/Sleep.h>

#include <cstdio>
#include <cstring>
#include <vector>

namespace {

struct Group {
    const char* name;
    std::vector<int64_t> outs;
};

// GPU microseconds per call of `work`, after one untimed call.
template <typename Work> double gpuMicroseconds(int repeats, Work work)
{
    work();
    torch::cuda::synchronize();
    at::cuda::sleep(int64_t(50) * 1000 * 1000); // ~30 ms: every call is queued before the first runs
    at::cuda::CUDAEvent start(cudaEventDefault), stop(cudaEventDefault);
    start.record();
    for (int i = 0; i < repeats; ++i)
        work();
    stop.record();
    stop.synchronize();
    return double(start.elapsed_time(stop)) * 1000 / repeats;
}

} // namespace

int main(int argc, char** argv)
{
    int repeats = 50;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--repeats") == 0)
            repeats = std::max(1, std::atoi(argv[++i]));
    if (!torch::cuda::is_available()) {
        std::fprintf(stderr, "bench_branch_gradients: needs a CUDA GPU\n");
        return 1;
    }
    using namespace qs::model::fused;
    torch::NoGradGuard noGrad;
    const auto options = torch::TensorOptions().device(torch::kCUDA).dtype(torch::kBFloat16);
    constexpr int64_t rank = 16;
    const std::vector<Group> groups = {
        {"q, k, v", {4096, 1024, 1024}}, {"o", {4096}}, {"gate, up", {14336, 14336}}, {"down", {4096}}};
    std::printf("| rows | group | G MiB | kernel µs | libtorch µs | kernel speed-up | engine takes |\n");
    std::printf("|---:|---|---:|---:|---:|---:|---|\n");
    for (const int64_t rows : {2048, 4096, 8192}) {
        double kernelSum = 0, libtorchSum = 0, chosenSum = 0;
        for (const Group& group : groups) {
            std::vector<torch::Tensor> gradRows, ups;
            std::vector<int64_t> ranks;
            std::vector<double> scales;
            int64_t bytes = 0;
            for (const int64_t out : group.outs) {
                gradRows.push_back(torch::randn({rows, out}, options));
                ups.push_back(torch::randn({out, rank}, options) * 0.1);
                ranks.push_back(rank);
                scales.push_back(2.0);
                bytes += rows * out * 2;
            }
            const torch::Tensor lowRank = torch::randn({rows, rank * int64_t(ups.size())}, options);
            const torch::Tensor gradLowRank = torch::empty_like(lowRank);
            if (branchGradients(gradRows, ups, lowRank, ranks, scales, gradLowRank).empty()) {
                std::fprintf(stderr, "bench_branch_gradients: the kernel does not apply (built without nvcc?)\n");
                return 1;
            }
            const double kernel = gpuMicroseconds(repeats, [&] {
                branchGradients(gradRows, ups, lowRank, ranks, scales, gradLowRank);
            });
            const double libtorch = gpuMicroseconds(repeats, [&] {
                branchGradientsWithLibtorch(gradRows, ups, lowRank, ranks, scales, gradLowRank);
            });
            const bool takesKernel = branchGradientKernelPays(gradRows, ups, lowRank);
            kernelSum += kernel;
            libtorchSum += libtorch;
            chosenSum += takesKernel ? kernel : libtorch;
            std::printf("| %lld | %s | %.0f | %.1f | %.1f | %.2f× | %s |\n", static_cast<long long>(rows), group.name,
                        double(bytes) / (1 << 20), kernel, libtorch, libtorch / kernel,
                        takesKernel ? "kernel" : "libtorch");
        }
        std::printf("| %lld | one layer | | %.1f | %.1f | %.2f× | %.1f µs (%.2f×) |\n", static_cast<long long>(rows),
                    kernelSum, libtorchSum, libtorchSum / kernelSum, chosenSum, libtorchSum / chosenSum);
    }
    std::printf("\nrank 16, bf16, %d calls each after one untimed call\n", repeats);
    return 0;
}

// Decoding's matrix–vector products on the GPU: the fused kernel
// (core/kernels/matrix_vector_kernels.cu) against libtorch's path (the matrix
// product, after dequantizing for int8 and NF4), for Llama-3-8B's projections
// at one token, in bf16, int8 and NF4. Prints a Markdown table: time per
// product, bytes of weight read per second, and that rate's share of the copy
// rate measured in the same run (the most a read of the weights can reach).
//   bench_matrix_vector [--repeats N]
#include "core/hw/device_rates_impl.h"
#include "core/model/fused_projection_impl.h"

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

using qs::model::FrozenLinear;

namespace {

struct Shape {
    const char* name;
    std::vector<int64_t> rows; // one entry per weight sharing x
    int64_t columns;
};

FrozenLinear makeLayer(const std::string& format, int64_t rows, int64_t columns)
{
    const auto options = torch::TensorOptions().device(torch::kCUDA).dtype(torch::kBFloat16);
    const torch::Tensor weight = torch::randn({rows, columns}, options) * 0.02;
    if (format == "nf4")
        return FrozenLinear::nf4(qs::model::quantizeNf4(weight), {}, torch::kBFloat16);
    if (format == "int8")
        return FrozenLinear::int8(qs::model::quantizeInt8(weight), {}, torch::kBFloat16);
    return FrozenLinear::dense(weight, {});
}

} // namespace

int main(int argc, char** argv)
{
    int repeats = 200;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--repeats") == 0)
            repeats = std::max(1, std::atoi(argv[++i]));
    if (!torch::cuda::is_available()) {
        std::fprintf(stderr, "bench_matrix_vector: needs a CUDA GPU\n");
        return 1;
    }
    torch::NoGradGuard noGrad;
    const torch::Device device(torch::kCUDA, 0);
    const double copyRate = qs::hw::copyBandwidth(device);
    const std::vector<Shape> shapes = {{"q, k, v", {4096, 1024, 1024}, 4096},
                                       {"o", {4096}, 4096},
                                       {"gate, up", {14336, 14336}, 4096},
                                       {"down", {4096}, 14336},
                                       {"lm_head", {128256}, 4096}};
    std::printf("| weights | format | weight MiB | fused µs | fused GiB/s | share of copy rate | libtorch µs | speed-up |\n");
    std::printf("|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (const char* format : {"bf16", "int8", "nf4"}) {
        for (const Shape& shape : shapes) {
            std::vector<FrozenLinear> layers;
            for (const int64_t rows : shape.rows)
                layers.push_back(makeLayer(format, rows, shape.columns));
            std::vector<const FrozenLinear*> pointers;
            int64_t bytes = 0;
            for (const FrozenLinear& layer : layers) {
                pointers.push_back(&layer);
                bytes += layer.storageBytes();
            }
            const torch::Tensor x = torch::randn({1, 1, shape.columns}, torch::TensorOptions().device(device).dtype(torch::kBFloat16));
            if (qs::model::fused::projectEach(x, pointers).empty()) {
                std::fprintf(stderr, "bench_matrix_vector: the fused kernel does not apply (built without nvcc?)\n");
                return 1;
            }
            const double fused = qs::hw::secondsPerCall(device, repeats, [&] { qs::model::fused::projectEach(x, pointers); });
            const double libtorch = qs::hw::secondsPerCall(device, repeats, [&] {
                for (const FrozenLinear& layer : layers)
                    torch::linear(x, layer.weight(torch::kBFloat16));
            });
            const double rate = double(bytes) / fused;
            std::printf("| %s | %s | %.1f | %.1f | %.0f | %.0f %% | %.1f | %.1f× |\n", shape.name, format,
                        double(bytes) / (1 << 20), fused * 1e6, rate / double(1 << 30), 100 * rate / copyRate,
                        libtorch * 1e6, libtorch / fused);
        }
    }
    std::printf("\ncopy rate %.0f GiB/s (read + write of 1 GiB of bf16); %d calls each after one untimed call\n",
                copyRate / double(1 << 30), repeats);
    return 0;
}

#include "core/kernels/lora_kernels.h"
#include "core/kernels/kernel_support.cuh"

#include <mma.h>

#include <stdexcept>
#include <type_traits>

namespace qs::kernels {
namespace {

template <typename T>
__global__ void loraSumKernel(const T* __restrict__ y, const float* __restrict__ z, float scale, int64_t count,
                              T* __restrict__ out)
{
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < count; i += int64_t(gridDim.x) * blockDim.x)
        out[i] = fromFloat<T>(__fadd_rn(toFloat(y[i]), __fmul_rn(z[i], scale)));
}

struct ConversionBatch {
    Conversion items[kMaxConversions];
    int64_t firstBlock[kMaxConversions + 1]; // item i takes blocks [firstBlock[i], firstBlock[i + 1])
    int count;
};

template <typename T> __device__ float widen(T value) { return toFloat(value); }
template <> __device__ float widen<float>(float value) { return value; }
template <typename T> __device__ T narrow(float value) { return fromFloat<T>(value); }
template <> __device__ float narrow<float>(float value) { return value; }

template <typename From, typename To> __global__ void convertEachKernel(ConversionBatch batch)
{
    int item = 0;
    while (item + 1 < batch.count && int64_t(blockIdx.x) >= batch.firstBlock[item + 1])
        ++item;
    const Conversion& c = batch.items[item];
    const auto* source = static_cast<const From*>(c.source);
    auto* target = static_cast<To*>(c.target);
    const int64_t stride = (batch.firstBlock[item + 1] - batch.firstBlock[item]) * blockDim.x;
    for (int64_t i = (int64_t(blockIdx.x) - batch.firstBlock[item]) * blockDim.x + threadIdx.x; i < c.count; i += stride)
        target[i] = narrow<To>(__fmul_rn(widen(source[i]), c.scale));
}

// branchGradients: a block takes a tile of G, kTileRows × kTileOut, into shared
// memory with B's matching rows and L's; each of its eight warps multiplies 16
// of the tile's rows by B (dL/d(A x)) and 32 of its columns, transposed, by L
// (dL/dB), on the tensor cores in 16 × 16 × 16 steps with fp32 sums, and adds
// its results to the fp32 sums in global memory.
namespace wmma = nvcuda::wmma;
constexpr int kTileRows = 128;
constexpr int kTileOut = 256;
constexpr int kGradientThreads = 256; // 8 warps: 16 rows and 32 columns of the tile each
constexpr int kTileLd = kTileOut + 8; // rows padded by 16 bytes: no bank conflicts between rows
template <int R> constexpr int kRankLd = R + 8;

struct BranchGradientBatch {
    BranchGradient items[kMaxBranches];
    int64_t firstBlock[kMaxBranches + 1]; // item i takes blocks [firstBlock[i], firstBlock[i + 1])
    int count;
    int64_t rows;
    int64_t ldLowRank;
};

template <typename T, int R> constexpr size_t branchGradientSharedBytes()
{
    return sizeof(T) * (size_t(kTileRows) * kTileLd + size_t(kTileOut) * kRankLd<R> + size_t(kTileRows) * kRankLd<R>) +
           sizeof(float) * 16 * 16 * (kGradientThreads / 32);
}

// Copies a [height, width] tile at `source` (row stride `ld`, rows from `firstRow` of
// `rows`) into shared memory (row stride `sharedLd`) in 16-byte loads, eight in
// flight per thread before the first is stored; zeros outside.
template <typename T>
__device__ void loadTile(T* shared, int sharedLd, const T* source, int64_t ld, int64_t firstRow, int64_t rows,
                         int64_t firstColumn, int64_t columns, int height, int width)
{
    constexpr int kInFlight = 8;
    const int packsPerRow = width / kPack;
    const int packs = height * packsPerRow;
    for (int first = threadIdx.x; first < packs; first += blockDim.x * kInFlight) {
        uint4 values[kInFlight];
#pragma unroll
        for (int j = 0; j < kInFlight; ++j) {
            const int i = first + j * blockDim.x;
            const int r = i / packsPerRow;
            const int c = (i % packsPerRow) * kPack;
            values[j] = make_uint4(0, 0, 0, 0);
            if (i < packs && firstRow + r < rows && firstColumn + c < columns)
                values[j] = *reinterpret_cast<const uint4*>(source + (firstRow + r) * ld + firstColumn + c);
        }
#pragma unroll
        for (int j = 0; j < kInFlight; ++j) {
            const int i = first + j * blockDim.x;
            if (i < packs)
                *reinterpret_cast<uint4*>(shared + (i / packsPerRow) * sharedLd + (i % packsPerRow) * kPack) = values[j];
        }
    }
}

template <typename T, int R> __global__ void __launch_bounds__(kGradientThreads) branchGradientKernel(BranchGradientBatch batch)
{
#if !defined(__CUDA_ARCH__) || __CUDA_ARCH__ >= 800
    extern __shared__ __align__(128) unsigned char shared[];
    int item = 0;
    while (item + 1 < batch.count && int64_t(blockIdx.x) >= batch.firstBlock[item + 1])
        ++item;
    const BranchGradient& branch = batch.items[item];
    const int64_t local = int64_t(blockIdx.x) - batch.firstBlock[item];
    const int64_t outTiles = (branch.out + kTileOut - 1) / kTileOut;
    const int64_t firstRow = (local / outTiles) * kTileRows;
    const int64_t firstOut = (local % outTiles) * kTileOut;
    T* g = reinterpret_cast<T*>(shared);          // [kTileRows][kTileLd]
    T* up = g + kTileRows * kTileLd;              // [kTileOut][kRankLd]
    T* low = up + kTileOut * kRankLd<R>;          // [kTileRows][kRankLd]
    float* staging = reinterpret_cast<float*>(low + kTileRows * kRankLd<R>); // [warp][16][16]
    loadTile(g, kTileLd, static_cast<const T*>(branch.gradOutput), branch.out, firstRow, batch.rows, firstOut,
             branch.out, kTileRows, kTileOut);
    loadTile(up, kRankLd<R>, static_cast<const T*>(branch.up), R, firstOut, branch.out, 0, R, kTileOut, R);
    loadTile(low, kRankLd<R>, static_cast<const T*>(branch.lowRank), batch.ldLowRank, firstRow, batch.rows, 0, R,
             kTileRows, R);
    __syncthreads();

    const int warp = threadIdx.x / 32;
    const int lane = threadIdx.x % 32;
    constexpr int kColumns = R / 16;
    // dL/d(A x) of rows [16 warp, 16 warp + 16): their G times B, summed over the tile's columns.
    wmma::fragment<wmma::accumulator, 16, 16, 16, float> rowSums[kColumns];
    for (auto& f : rowSums)
        wmma::fill_fragment(f, 0.0f);
    for (int k = 0; k < kTileOut / 16; ++k) {
        wmma::fragment<wmma::matrix_a, 16, 16, 16, T, wmma::row_major> a;
        wmma::load_matrix_sync(a, g + warp * 16 * kTileLd + k * 16, kTileLd);
        for (int n = 0; n < kColumns; ++n) {
            wmma::fragment<wmma::matrix_b, 16, 16, 16, T, wmma::row_major> b;
            wmma::load_matrix_sync(b, up + k * 16 * kRankLd<R> + n * 16, kRankLd<R>);
            wmma::mma_sync(rowSums[n], a, b, rowSums[n]);
        }
    }
    // dL/dB of columns [32 warp, 32 warp + 32): G's columns (read transposed) times L, summed over the tile's rows.
    wmma::fragment<wmma::accumulator, 16, 16, 16, float> columnSums[2][kColumns];
    for (auto& pair : columnSums)
        for (auto& f : pair)
            wmma::fill_fragment(f, 0.0f);
    for (int k = 0; k < kTileRows / 16; ++k)
        for (int m = 0; m < 2; ++m) {
            wmma::fragment<wmma::matrix_a, 16, 16, 16, T, wmma::col_major> a;
            wmma::load_matrix_sync(a, g + k * 16 * kTileLd + (2 * warp + m) * 16, kTileLd);
            for (int n = 0; n < kColumns; ++n) {
                wmma::fragment<wmma::matrix_b, 16, 16, 16, T, wmma::row_major> b;
                wmma::load_matrix_sync(b, low + k * 16 * kRankLd<R> + n * 16, kRankLd<R>);
                wmma::mma_sync(columnSums[m][n], a, b, columnSums[m][n]);
            }
        }

    // Each 16 × 16 sum through the warp's staging square into the global fp32 sums.
    float* square = staging + warp * 256;
    const auto addOut = [&](const wmma::fragment<wmma::accumulator, 16, 16, 16, float>& sums, float* target,
                            int64_t firstTargetRow, int64_t targetRows, int column, float factor) {
        wmma::store_matrix_sync(square, sums, 16, wmma::mem_row_major);
        __syncwarp();
        for (int i = lane; i < 256; i += 32)
            if (firstTargetRow + i / 16 < targetRows)
                atomicAdd(target + (firstTargetRow + i / 16) * R + column + i % 16, factor * square[i]);
        __syncwarp();
    };
    for (int n = 0; n < kColumns; ++n)
        addOut(rowSums[n], branch.scratch, firstRow + warp * 16, batch.rows, n * 16, 1.0f);
    for (int m = 0; m < 2; ++m)
        for (int n = 0; n < kColumns; ++n)
            addOut(columnSums[m][n], branch.gradUp, firstOut + (2 * warp + m) * 16, branch.out, n * 16, branch.scale);
#else
    __trap(); // the host launches it on compute capability 8.0 or newer only
#endif
}

// dL/d(A x) = scale · its fp32 sum, rounded once to 16 bits, into its columns.
template <typename T, int R> __global__ void branchLowRankKernel(BranchGradientBatch batch)
{
    const int64_t perBranch = batch.rows * R;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < perBranch * batch.count;
         i += int64_t(gridDim.x) * blockDim.x) {
        const BranchGradient& branch = batch.items[i / perBranch];
        const int64_t row = (i % perBranch) / R;
        const int column = int(i % R);
        static_cast<T*>(branch.gradLowRank)[row * batch.ldLowRank + column] =
            fromFloat<T>(__fmul_rn(branch.scratch[row * R + column], branch.scale));
    }
}

template <typename T, int R> void launchBranchGradients(const BranchGradientBatch& batch, cudaStream_t stream)
{
    constexpr size_t bytes = branchGradientSharedBytes<T, R>();
    // More than 48 KB of shared memory must be asked for, on each device; not while a
    // CUDA graph records (the step recorded ran eagerly first, which asked).
    cudaStreamCaptureStatus capture = cudaStreamCaptureStatusNone;
    cudaStreamIsCapturing(stream, &capture);
    if (capture == cudaStreamCaptureStatusNone &&
        cudaFuncSetAttribute(branchGradientKernel<T, R>, cudaFuncAttributeMaxDynamicSharedMemorySize, int(bytes)) !=
            cudaSuccess)
        checkLaunch("LoRA branch gradient kernel's shared memory");
    const auto blocks = unsigned(batch.firstBlock[batch.count]);
    if (blocks > 0)
        branchGradientKernel<T, R><<<blocks, kGradientThreads, bytes, stream>>>(batch);
    checkLaunch("LoRA branch gradient kernel");
    branchLowRankKernel<T, R><<<gridFor(batch.rows * R * batch.count), kThreads, 0, stream>>>(batch);
    checkLaunch("LoRA branch low-rank gradient kernel");
}

} // namespace

void branchGradients(const BranchGradient* branches, int count, int64_t rows, int64_t ldLowRank, int rank,
                     HalfType type, void* stream)
{
    if (count < 1 || count > kMaxBranches)
        throw std::invalid_argument("branchGradients takes 1 to kMaxBranches branches");
    if (rank != 16 && rank != 32 && rank != 64)
        throw std::invalid_argument("branchGradients takes ranks 16, 32 and 64");
    BranchGradientBatch batch{};
    batch.count = count;
    batch.rows = rows;
    batch.ldLowRank = ldLowRank;
    for (int i = 0; i < count; ++i) {
        if (branches[i].out % 16 != 0)
            throw std::invalid_argument("branchGradients takes outputs of a multiple of 16 features");
        batch.items[i] = branches[i];
        const int64_t tiles = branches[i].gradOutput == nullptr
                                  ? 0
                                  : ((rows + kTileRows - 1) / kTileRows) * ((branches[i].out + kTileOut - 1) / kTileOut);
        batch.firstBlock[i + 1] = batch.firstBlock[i] + tiles;
    }
    const auto onStream = static_cast<cudaStream_t>(stream);
    forType(type, [&](auto* tag) {
        using T = std::remove_pointer_t<decltype(tag)>;
        if (rank == 16)
            launchBranchGradients<T, 16>(batch, onStream);
        else if (rank == 32)
            launchBranchGradients<T, 32>(batch, onStream);
        else
            launchBranchGradients<T, 64>(batch, onStream);
    });
}

void convertEach(const Conversion* conversions, int count, ConversionDirection direction, HalfType type, void* stream)
{
    if (count < 1 || count > kMaxConversions)
        throw std::invalid_argument("convertEach takes 1 to kMaxConversions conversions");
    ConversionBatch batch{};
    batch.count = count;
    for (int i = 0; i < count; ++i) {
        batch.items[i] = conversions[i];
        batch.firstBlock[i + 1] = batch.firstBlock[i] + gridFor(conversions[i].count);
    }
    const auto blocks = unsigned(batch.firstBlock[count]);
    const auto onStream = static_cast<cudaStream_t>(stream);
    forType(type, [&](auto* tag) {
        using T = std::remove_pointer_t<decltype(tag)>;
        if (direction == ConversionDirection::ToHalf)
            convertEachKernel<float, T><<<blocks, kThreads, 0, onStream>>>(batch);
        else
            convertEachKernel<T, float><<<blocks, kThreads, 0, onStream>>>(batch);
    });
    checkLaunch("LoRA conversion kernel");
}

void loraSum(const void* y, const float* z, float scale, int64_t count, void* out, HalfType type, void* stream)
{
    forType(type, [&](auto* tag) {
        using T = std::remove_pointer_t<decltype(tag)>;
        loraSumKernel<<<gridFor(count), kThreads, 0, static_cast<cudaStream_t>(stream)>>>(
            static_cast<const T*>(y), z, scale, count, static_cast<T*>(out));
    });
    checkLaunch("LoRA sum kernel");
}

} // namespace qs::kernels

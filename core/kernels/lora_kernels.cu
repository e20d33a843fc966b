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
// (dL/dB), on the tensor cores in 16 × 16 × 16 steps with fp32 sums, and stores
// its sums as the tile's partial sums. A second launch adds the partial sums up
// in a fixed order: the same bits on every run, where atomic additions would not be.
namespace wmma = nvcuda::wmma;
constexpr int kTileRows = 128;
constexpr int kTileOut = 256;
constexpr int kGradientThreads = 256; // 8 warps: 16 rows and 32 columns of the tile each
constexpr int kTileLd = kTileOut + 8; // rows padded by 16 bytes: no bank conflicts between rows
template <int R> constexpr int kRankLd = R + 8;

int64_t tilesOver(int64_t count, int64_t tile)
{
    return (count + tile - 1) / tile;
}

// A branch as the kernels see it: its partial sums in the workspace, per tile of G
//   low [outTiles][rowTiles · kTileRows][R]: G's tile times B's rows,
//   up  [rowTiles][outTiles · kTileOut][R]:  G's tile, transposed, times L's rows;
// outTiles 0 for a branch without a gradient.
struct BranchSums {
    BranchGradient branch;
    float* low;
    float* up;
    int64_t outTiles;
};

struct BranchGradientBatch {
    BranchSums items[kMaxBranches];
    int64_t firstBlock[kMaxBranches + 1];   // item i's tiles: blocks [firstBlock[i], firstBlock[i + 1])
    int64_t firstElement[kMaxBranches + 1]; // item i's results: dL/d(A x) [rows, R], then dL/dB [out, R]
    int count;
    int64_t rows;
    int64_t rowTiles;
    int64_t ldLowRank;
};

template <typename T, int R> constexpr size_t branchGradientSharedBytes()
{
    return sizeof(T) * (size_t(kTileRows) * kTileLd + size_t(kTileOut) * kRankLd<R> + size_t(kTileRows) * kRankLd<R>);
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

template <typename T, int R>
__global__ void __launch_bounds__(kGradientThreads) branchGradientKernel(BranchGradientBatch batch)
{
#if !defined(__CUDA_ARCH__) || __CUDA_ARCH__ >= 800
    extern __shared__ __align__(128) unsigned char shared[];
    int item = 0;
    while (item + 1 < batch.count && int64_t(blockIdx.x) >= batch.firstBlock[item + 1])
        ++item;
    const BranchSums& sums = batch.items[item];
    const BranchGradient& branch = sums.branch;
    const int64_t local = int64_t(blockIdx.x) - batch.firstBlock[item];
    const int64_t outTile = local % sums.outTiles;
    const int64_t rowTile = local / sums.outTiles;
    const int64_t firstRow = rowTile * kTileRows;
    const int64_t firstOut = outTile * kTileOut;
    T* g = reinterpret_cast<T*>(shared); // [kTileRows][kTileLd]
    T* up = g + kTileRows * kTileLd;     // [kTileOut][kRankLd]
    T* low = up + kTileOut * kRankLd<R>; // [kTileRows][kRankLd]
    loadTile(g, kTileLd, static_cast<const T*>(branch.gradOutput), branch.out, firstRow, batch.rows, firstOut,
             branch.out, kTileRows, kTileOut);
    loadTile(up, kRankLd<R>, static_cast<const T*>(branch.up), R, firstOut, branch.out, 0, R, kTileOut, R);
    loadTile(low, kRankLd<R>, static_cast<const T*>(branch.lowRank), batch.ldLowRank, firstRow, batch.rows, 0, R,
             kTileRows, R);
    __syncthreads();

    const int warp = threadIdx.x / 32;
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
    float* lowSums = sums.low + (outTile * batch.rowTiles * kTileRows + firstRow + warp * 16) * R;
    for (int n = 0; n < kColumns; ++n)
        wmma::store_matrix_sync(lowSums + n * 16, rowSums[n], R, wmma::mem_row_major);
    // dL/dB of columns [32 warp, 32 warp + 32): G's columns (read transposed) times L, summed over the tile's rows.
    wmma::fragment<wmma::accumulator, 16, 16, 16, float> columnSums[2][kColumns];
    for (auto& pair : columnSums)
        for (auto& f : pair)
            wmma::fill_fragment(f, 0.0f);
    for (int k = 0; k < kTileRows / 16; ++k) {
        wmma::fragment<wmma::matrix_b, 16, 16, 16, T, wmma::row_major> b[kColumns];
        for (int n = 0; n < kColumns; ++n)
            wmma::load_matrix_sync(b[n], low + k * 16 * kRankLd<R> + n * 16, kRankLd<R>);
        for (int m = 0; m < 2; ++m) {
            wmma::fragment<wmma::matrix_a, 16, 16, 16, T, wmma::col_major> a;
            wmma::load_matrix_sync(a, g + k * 16 * kTileLd + (2 * warp + m) * 16, kTileLd);
            for (int n = 0; n < kColumns; ++n)
                wmma::mma_sync(columnSums[m][n], a, b[n], columnSums[m][n]);
        }
    }
    float* upSums = sums.up + (rowTile * sums.outTiles * kTileOut + firstOut + 32 * warp) * R;
    for (int m = 0; m < 2; ++m)
        for (int n = 0; n < kColumns; ++n)
            wmma::store_matrix_sync(upSums + 16 * m * R + n * 16, columnSums[m][n], R, wmma::mem_row_major);
#else
    __trap(); // the host launches it on compute capability 8.0 or newer only
#endif
}

// The partial sums added up in tile order, times the scale: dL/d(A x) rounded once
// to 16 bits into its columns, dL/dB in fp32. Zeros for a branch without a gradient.
template <typename T, int R> __global__ void branchGradientSumsKernel(BranchGradientBatch batch)
{
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < batch.firstElement[batch.count];
         i += int64_t(gridDim.x) * blockDim.x) {
        int item = 0;
        while (i >= batch.firstElement[item + 1])
            ++item;
        const BranchSums& sums = batch.items[item];
        const BranchGradient& branch = sums.branch;
        const int64_t j = i - batch.firstElement[item];
        float sum = 0.0f;
        if (j < batch.rows * R) {
            const int64_t stride = batch.rowTiles * kTileRows * R;
            for (int64_t t = 0; t < sums.outTiles; ++t)
                sum += sums.low[t * stride + j];
            T* target = static_cast<T*>(branch.gradLowRank) + (j / R) * batch.ldLowRank + j % R;
            *target = fromFloat<T>(__fmul_rn(sum, branch.scale));
        } else {
            const int64_t k = j - batch.rows * R;
            const int64_t stride = sums.outTiles * kTileOut * R;
            for (int64_t t = 0; stride > 0 && t < batch.rowTiles; ++t)
                sum += sums.up[t * stride + k];
            branch.gradUp[k] = __fmul_rn(sum, branch.scale);
        }
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
    branchGradientSumsKernel<T, R><<<gridFor(batch.firstElement[batch.count]), kThreads, 0, stream>>>(batch);
    checkLaunch("LoRA branch gradient sums kernel");
}

} // namespace

size_t branchGradientSharedBytes(int rank)
{
    if (rank == 16)
        return branchGradientSharedBytes<__nv_bfloat16, 16>();
    if (rank == 32)
        return branchGradientSharedBytes<__nv_bfloat16, 32>();
    if (rank == 64)
        return branchGradientSharedBytes<__nv_bfloat16, 64>();
    throw std::invalid_argument("branchGradients takes ranks 16, 32 and 64");
}

int64_t branchGradientWorkspace(const BranchGradient* branches, int count, int64_t rows, int rank)
{
    int64_t floats = 0; // per tile: kTileRows × R partial sums of dL/d(A x), kTileOut × R of dL/dB
    for (int i = 0; i < count; ++i)
        if (branches[i].gradOutput != nullptr)
            floats += tilesOver(rows, kTileRows) * tilesOver(branches[i].out, kTileOut) * (kTileRows + kTileOut) * rank;
    return floats;
}

void branchGradients(const BranchGradient* branches, int count, int64_t rows, int64_t ldLowRank, int rank,
                     float* workspace, HalfType type, void* stream)
{
    if (count < 1 || count > kMaxBranches)
        throw std::invalid_argument("branchGradients takes 1 to kMaxBranches branches");
    if (rank != 16 && rank != 32 && rank != 64)
        throw std::invalid_argument("branchGradients takes ranks 16, 32 and 64");
    BranchGradientBatch batch{};
    batch.count = count;
    batch.rows = rows;
    batch.rowTiles = tilesOver(rows, kTileRows);
    batch.ldLowRank = ldLowRank;
    for (int i = 0; i < count; ++i) {
        if (branches[i].out % 16 != 0)
            throw std::invalid_argument("branchGradients takes outputs of a multiple of 16 features");
        BranchSums& sums = batch.items[i];
        sums.branch = branches[i];
        sums.outTiles = branches[i].gradOutput == nullptr ? 0 : tilesOver(branches[i].out, kTileOut);
        sums.low = workspace;
        workspace += sums.outTiles * batch.rowTiles * kTileRows * rank;
        sums.up = workspace;
        workspace += batch.rowTiles * sums.outTiles * kTileOut * rank;
        batch.firstBlock[i + 1] = batch.firstBlock[i] + batch.rowTiles * sums.outTiles;
        batch.firstElement[i + 1] = batch.firstElement[i] + (rows + branches[i].out) * rank;
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

bool branchGradientsPay(int64_t rows, const int64_t* outs, int count, int multiprocessors)
{
    constexpr int64_t kTilesPerBranchAndMultiprocessor = 3;
    int64_t tiles = 0;
    for (int i = 0; i < count; ++i)
        tiles += tilesOver(rows, kTileRows) * tilesOver(outs[i], kTileOut);
    return tiles <= kTilesPerBranchAndMultiprocessor * multiprocessors * count;
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

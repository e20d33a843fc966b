#include "core/model/low_rank_branches_impl.h"

#include "core/model/fused_switch.h"
#include "core/model/seeded_dropout_impl.h"

#ifdef QS_CUDA_KERNELS
#include "core/kernels/lora_kernels.h"
#include "core/model/kernel_launch_impl.h"
#endif

#include <numeric>

namespace qs::model::fused {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

torch::Tensor rowsOf(const torch::Tensor& t)
{
    return t.reshape({-1, t.size(-1)});
}

#ifdef QS_CUDA_KERNELS
bool startsOn16Bytes(const torch::Tensor& t)
{
    return reinterpret_cast<uintptr_t>(t.data_ptr()) % 16 == 0;
}

// One launch converts them all: fp32 sources to 16-bit targets, or 16-bit to fp32.
bool conversionKernelTakes(const std::vector<torch::Tensor>& sources, const std::vector<torch::Tensor>& targets)
{
    if (!fusedKernelsEnabled() || sources.empty() || sources.size() > size_t(kernels::kMaxConversions))
        return false;
    const torch::Tensor& source = sources.front();
    const torch::Tensor& target = targets.front();
    const bool toHalf = source.scalar_type() == torch::kFloat32 && isHalfType(target.scalar_type());
    const bool toFloat = isHalfType(source.scalar_type()) && target.scalar_type() == torch::kFloat32;
    if (!source.is_cuda() || !(toHalf || toFloat))
        return false;
    for (size_t i = 0; i < sources.size(); ++i)
        if (sources[i].scalar_type() != source.scalar_type() || targets[i].scalar_type() != target.scalar_type() ||
            sources[i].device() != source.device() || targets[i].device() != source.device() ||
            !sources[i].is_contiguous() || !targets[i].is_contiguous() || sources[i].numel() != targets[i].numel())
            return false;
    return true;
}
#endif

} // namespace

void convertEach(const std::vector<torch::Tensor>& sources, const std::vector<torch::Tensor>& targets,
                 const std::vector<double>& scales)
{
#ifdef QS_CUDA_KERNELS
    if (conversionKernelTakes(sources, targets)) {
        std::vector<kernels::Conversion> conversions;
        for (size_t i = 0; i < sources.size(); ++i)
            conversions.push_back({sources[i].data_ptr(), targets[i].data_ptr(), sources[i].numel(), float(scales[i])});
        const bool toHalf = sources.front().scalar_type() == torch::kFloat32;
        const torch::Tensor& half = toHalf ? targets.front() : sources.front();
        const c10::cuda::CUDAGuard guard(half.device());
        kernels::convertEach(conversions.data(), int(conversions.size()),
                             toHalf ? kernels::ConversionDirection::ToHalf : kernels::ConversionDirection::ToFloat,
                             halfTypeOf(half.scalar_type()), currentStream());
        return;
    }
#endif
    for (size_t i = 0; i < sources.size(); ++i) {
        targets[i].copy_(sources[i]);
        if (scales[i] != 1.0)
            targets[i].mul_(scales[i]);
    }
}

namespace {

// The LoRA matrices in x's 16-bit type, in one conversion: the A's stacked
// ([Σr, in]: one product for all branches that read the same input) and each B ([out, r]).
struct HalfLora {
    torch::Tensor downs;
    std::vector<torch::Tensor> ups;
};

HalfLora toHalf(at::TensorList downs, at::TensorList ups, const std::vector<int64_t>& ranks,
                const torch::TensorOptions& options)
{
    HalfLora half;
    half.downs = torch::empty({std::accumulate(ranks.begin(), ranks.end(), int64_t(0)), downs[0].size(1)}, options);
    std::vector<torch::Tensor> sources = downs.vec();
    std::vector<torch::Tensor> targets = half.downs.split_with_sizes(ranks);
    for (const torch::Tensor& up : ups) {
        sources.push_back(up);
        half.ups.push_back(torch::empty(up.sizes(), options));
        targets.push_back(half.ups.back());
    }
    convertEach(sources, targets, std::vector<double>(sources.size(), 1.0));
    return half;
}

std::vector<int64_t> shapeWithLast(const torch::Tensor& x, int64_t last)
{
    std::vector<int64_t> shape = x.sizes().vec();
    shape.back() = last;
    return shape;
}

// The columns [start, start + width) of the stacked rank-r intermediates that
// each input feeds: x's branches first, then one branch per dropped copy of x.
struct Columns {
    int64_t start = 0;
    int64_t width = 0;
};

std::vector<Columns> columnsOfInputs(const std::vector<int64_t>& branchesPerInput, const std::vector<int64_t>& ranks)
{
    std::vector<Columns> columns;
    size_t branch = 0;
    int64_t start = 0;
    for (const int64_t count : branchesPerInput) {
        Columns c{start, 0};
        for (int64_t k = 0; k < count; ++k)
            c.width += ranks[branch++];
        columns.push_back(c);
        start += c.width;
    }
    return columns;
}

// The frozen products of x and their LoRA branches in one function:
// y_i = x W_iᵀ (+ bias) + scale_i · B_i A_i x_i, where x_i is x or, with LoRA
// dropout, the branch's own dropped copy of x. Backward sums dL/dx of every
// frozen product and of the branches that read x itself in one buffer (addmm
// accumulating into it), where autograd would add them in separate kernels;
// a dropped copy's gradient goes back through its dropout. With
// `valuesWanted` false the outputs are zeros and only the backward is real
// (FrozenProduct::GradientOnly). Inputs, in autograd's order: x, the dropped
// copies, the A's, the B's — the branches ordered by input (x's first);
// `loraOf[i]` is projection i's branch or -1.
struct ProjectedBranches : torch::autograd::Function<ProjectedBranches> {
    static variable_list forward(AutogradContext* ctx, const torch::Tensor& x, at::TensorList dropped,
                                 at::TensorList downs, at::TensorList ups, std::vector<int64_t> bases,
                                 std::vector<int64_t> loraOf, std::vector<int64_t> branchesPerInput,
                                 std::vector<double> scales, bool valuesWanted)
    {
        std::vector<int64_t> ranks;
        for (const torch::Tensor& down : downs)
            ranks.push_back(down.size(0));
        const torch::Tensor xRows = rowsOf(x);
        variable_list saved = {x};
        saved.insert(saved.end(), dropped.begin(), dropped.end());
        torch::Tensor lowRank;
        HalfLora half;
        if (!downs.empty()) {
            half = toHalf(downs, ups, ranks, x.options());
            std::vector<torch::Tensor> parts; // [rows, width] per input
            const std::vector<Columns> columns = columnsOfInputs(branchesPerInput, ranks);
            for (size_t input = 0; input < columns.size(); ++input)
                if (columns[input].width > 0)
                    parts.push_back(torch::mm(input == 0 ? xRows : rowsOf(dropped[input - 1]),
                                              half.downs.narrow(0, columns[input].start, columns[input].width).t()));
            lowRank = parts.size() == 1 ? parts.front() : torch::cat(parts, 1); // [rows, Σr]
            saved.insert(saved.end(), {half.downs, lowRank});
            saved.insert(saved.end(), half.ups.begin(), half.ups.end());
        }
        std::vector<int64_t> offsets(ranks.size() + 1, 0);
        std::partial_sum(ranks.begin(), ranks.end(), offsets.begin() + 1);
        variable_list outputs;
        for (size_t i = 0; i < bases.size(); ++i) {
            const auto* base = reinterpret_cast<const FrozenLinear*>(bases[i]);
            if (!valuesWanted) {
                outputs.push_back(torch::zeros({}, x.options()).expand(shapeWithLast(x, base->outFeatures())));
                continue;
            }
            const torch::Tensor weight = base->weight(x.scalar_type()); // a quantized one dequantized for this product
            torch::Tensor y;
            if (const int64_t b = loraOf[i]; b >= 0 && !base->bias().defined()) {
                // The branch first (β = 0: y is not read), then the frozen product adds into it
                // in its epilogue: a compute-bound product reads y nearly for free, where
                // adding the branch afterwards would read and write y in a memory-bound pass.
                y = torch::empty({xRows.size(0), base->outFeatures()}, x.options());
                y.addmm_(lowRank.narrow(1, offsets[size_t(b)], ranks[size_t(b)]), half.ups[size_t(b)].t(), 0,
                         scales[size_t(b)]);
                y.addmm_(xRows, weight.t());
            } else {
                y = base->bias().defined() ? torch::addmm(base->bias().to(x.scalar_type()), xRows, weight.t())
                                           : torch::mm(xRows, weight.t());
                if (b >= 0)
                    y.addmm_(lowRank.narrow(1, offsets[size_t(b)], ranks[size_t(b)]), half.ups[size_t(b)].t(), 1,
                             scales[size_t(b)]);
            }
            outputs.push_back(y.view(shapeWithLast(x, base->outFeatures())));
        }
        ctx->save_for_backward(saved);
        ctx->saved_data["bases"] = bases;
        ctx->saved_data["loraOf"] = loraOf;
        ctx->saved_data["branchesPerInput"] = branchesPerInput;
        ctx->saved_data["scales"] = scales;
        ctx->saved_data["ranks"] = ranks;
        return outputs;
    }

    static variable_list backward(AutogradContext* ctx, variable_list gradOutputs)
    {
        const variable_list saved = ctx->get_saved_variables();
        const std::vector<int64_t> bases = ctx->saved_data["bases"].toIntVector();
        const std::vector<int64_t> loraOf = ctx->saved_data["loraOf"].toIntVector();
        const std::vector<int64_t> branchesPerInput = ctx->saved_data["branchesPerInput"].toIntVector();
        const std::vector<double> scales = ctx->saved_data["scales"].toDoubleVector();
        const std::vector<int64_t> ranks = ctx->saved_data["ranks"].toIntVector();
        const size_t inputs = branchesPerInput.size(); // x and its dropped copies
        const torch::Tensor& x = saved[0];
        std::vector<torch::Tensor> gradRows;
        for (const torch::Tensor& gradient : gradOutputs)
            gradRows.push_back(gradient.defined() ? rowsOf(gradient) : torch::Tensor());

        // dL/dx: the x branches' gradLowRank A, then Σ gradY_i W_i — one buffer.
        // The first layer's input comes from the frozen embedding and needs none.
        torch::Tensor gradX;
        const auto accumulate = [&](const torch::Tensor& gradient, const torch::Tensor& weight) {
            if (gradX.defined())
                gradX.addmm_(gradient, weight);
            else
                gradX = torch::mm(gradient, weight);
        };
        variable_list grads(inputs); // x, then the dropped copies
        if (!ranks.empty()) {
            const torch::Tensor& allDowns = saved[inputs];
            const torch::Tensor& lowRank = saved[inputs + 1];
            const std::vector<torch::Tensor> ups(saved.begin() + long(inputs) + 2, saved.end());
            std::vector<size_t> projectionOf(ranks.size());
            for (size_t i = 0; i < loraOf.size(); ++i)
                if (loraOf[i] >= 0)
                    projectionOf[size_t(loraOf[i])] = i;
            // Per branch: the rank-r intermediate's gradient in its columns of one buffer, and
            // B's gradient. An output nobody used has no gradient: zeros.
            const torch::Tensor gradLowRank = torch::empty(lowRank.sizes(), lowRank.options()); // [rows, Σr]
            std::vector<torch::Tensor> gradRowOf; // per branch
            for (size_t b = 0; b < ranks.size(); ++b)
                gradRowOf.push_back(gradRows[projectionOf[b]]);
            std::vector<torch::Tensor> upGradients; // fp32, where the one-kernel way takes them
            if (branchGradientKernelPays(gradRowOf, ups, lowRank))
                upGradients = branchGradients(gradRowOf, ups, lowRank, ranks, scales, gradLowRank);
            std::vector<torch::Tensor> halves; // 16-bit gradients to widen: the B's here, then the A's
            std::vector<double> factors;
            if (upGradients.empty()) {
                halves = branchGradientsWithLibtorch(gradRowOf, ups, lowRank, ranks, scales, gradLowRank);
                factors = scales; // the B's scaled when widened
            }
            // Each input's A's: their gradient from that input, and the input's gradient.
            std::vector<torch::Tensor> gradDowns;
            const std::vector<Columns> columns = columnsOfInputs(branchesPerInput, ranks);
            for (size_t input = 0; input < inputs; ++input) {
                if (columns[input].width == 0)
                    continue;
                const torch::Tensor gradPart = gradLowRank.narrow(1, columns[input].start, columns[input].width);
                const torch::Tensor downs = allDowns.narrow(0, columns[input].start, columns[input].width);
                const torch::Tensor inputRows = rowsOf(saved[input]);
                gradDowns.push_back(torch::mm(gradPart.t(), inputRows)); // [width, in]
                if (input == 0 && ctx->needs_input_grad(0))
                    accumulate(gradPart, downs);
                else if (input > 0 && ctx->needs_input_grad(input))
                    grads[input] = torch::mm(gradPart, downs).view(x.sizes());
            }
            halves.push_back(gradDowns.size() == 1 ? gradDowns.front() : torch::cat(gradDowns, 0)); // [Σr, in]
            factors.push_back(1.0);
            // Widened to the fp32 master weights' dtype in one conversion.
            std::vector<torch::Tensor> wide;
            for (const torch::Tensor& half : halves)
                wide.push_back(torch::empty(half.sizes(), half.options().dtype(torch::kFloat32)));
            convertEach(halves, wide, factors);
            if (upGradients.empty())
                upGradients.assign(wide.begin(), wide.end() - 1);
            const std::vector<torch::Tensor> aGradients = wide.back().split_with_sizes(ranks);
            grads.insert(grads.end(), aGradients.begin(), aGradients.end());
            grads.insert(grads.end(), upGradients.begin(), upGradients.end());
        }
        // The frozen products last: each accumulates into dL/dx in its epilogue, where
        // the branches' rank-r products would read and write it in a memory-bound pass.
        if (ctx->needs_input_grad(0))
            for (size_t i = 0; i < bases.size(); ++i)
                if (gradRows[i].defined())
                    accumulate(gradRows[i], reinterpret_cast<const FrozenLinear*>(bases[i])->weight(x.scalar_type()));
        if (gradX.defined())
            grads[0] = gradX.view(x.sizes());
        grads.resize(grads.size() + 5); // bases, loraOf, branchesPerInput, scales, valuesWanted
        return grads;
    }
};

} // namespace

std::vector<torch::Tensor> branchGradientsWithLibtorch(const std::vector<torch::Tensor>& gradRows,
                                                       const std::vector<torch::Tensor>& ups, const torch::Tensor& lowRank,
                                                       const std::vector<int64_t>& ranks, const std::vector<double>& scales,
                                                       const torch::Tensor& gradLowRank)
{
    // Each product scaled in its epilogue and written into its columns (no scaling
    // pass, no concatenation); the B's in 16 bits, unscaled.
    std::vector<torch::Tensor> upGradients;
    int64_t offset = 0;
    for (size_t b = 0; b < ranks.size(); ++b) {
        torch::Tensor columns = gradLowRank.narrow(1, offset, ranks[b]);
        if (gradRows[b].defined()) {
            columns.addmm_(gradRows[b], ups[b], 0, scales[b]);                                        // [rows, r]
            upGradients.push_back(torch::mm(gradRows[b].t(), lowRank.narrow(1, offset, ranks[b]))); // [out, r]
        } else {
            columns.zero_();
            upGradients.push_back(torch::zeros(ups[b].sizes(), lowRank.options()));
        }
        offset += ranks[b];
    }
    return upGradients;
}

bool branchGradientKernelPays(const std::vector<torch::Tensor>& gradRows, const std::vector<torch::Tensor>& ups,
                              const torch::Tensor& lowRank)
{
#ifdef QS_CUDA_KERNELS
    if (!lowRank.is_cuda() || ups.size() > size_t(kernels::kMaxBranches))
        return false;
    std::vector<int64_t> outs; // of the branches with a gradient
    for (size_t b = 0; b < ups.size(); ++b)
        if (gradRows[b].defined())
            outs.push_back(ups[b].size(0));
    return kernels::branchGradientsPay(lowRank.size(0), outs.data(), int(outs.size()),
                                       at::cuda::getDeviceProperties(lowRank.device().index())->multiProcessorCount);
#else
    (void)gradRows, (void)ups, (void)lowRank;
    return false;
#endif
}

std::vector<torch::Tensor> branchGradients(const std::vector<torch::Tensor>& gradRows,
                                                const std::vector<torch::Tensor>& ups, const torch::Tensor& lowRank,
                                                const std::vector<int64_t>& ranks, const std::vector<double>& scales,
                                                const torch::Tensor& gradLowRank)
{
#ifdef QS_CUDA_KERNELS
    const int64_t rank = ranks.front();
    bool takes = fusedKernelsEnabled() && lowRank.is_cuda() && isHalfType(lowRank.scalar_type()) &&
                 (rank == 16 || rank == 32 || rank == 64) && ranks.size() <= size_t(kernels::kMaxBranches) &&
                 lowRank.is_contiguous() && gradLowRank.is_contiguous() && startsOn16Bytes(lowRank) &&
                 startsOn16Bytes(gradLowRank);
    if (takes) {
        const cudaDeviceProp* device = at::cuda::getDeviceProperties(lowRank.device().index());
        takes = device->major >= 8 && device->sharedMemPerBlockOptin >= kernels::branchGradientSharedBytes(int(rank));
    }
    // The kernel reads G, B and L in 16-byte loads.
    for (size_t b = 0; takes && b < ranks.size(); ++b)
        takes = ranks[b] == rank && ups[b].is_contiguous() && startsOn16Bytes(ups[b]) &&
                ups[b].scalar_type() == lowRank.scalar_type() && ups[b].size(0) % 16 == 0 &&
                (!gradRows[b].defined() || (gradRows[b].is_contiguous() && startsOn16Bytes(gradRows[b]) &&
                                            gradRows[b].scalar_type() == lowRank.scalar_type()));
    if (!takes)
        return {};
    const int64_t rows = lowRank.size(0);
    int64_t upFloats = 0;
    for (const torch::Tensor& up : ups)
        upFloats += up.numel();
    const torch::Tensor upSums = torch::empty({upFloats}, lowRank.options().dtype(torch::kFloat32));
    std::vector<kernels::BranchGradient> branches;
    std::vector<torch::Tensor> upGradients;
    int64_t offset = 0;
    for (size_t b = 0; b < ranks.size(); ++b) {
        const int64_t out = ups[b].size(0);
        upGradients.push_back(upSums.narrow(0, offset, out * rank).view({out, rank}));
        offset += out * rank;
        branches.push_back({gradRows[b].defined() ? gradRows[b].data_ptr() : nullptr, ups[b].data_ptr(),
                            lowRank.narrow(1, int64_t(b) * rank, rank).data_ptr(),
                            gradLowRank.narrow(1, int64_t(b) * rank, rank).data_ptr(),
                            upGradients.back().data_ptr<float>(), out, float(scales[b])});
    }
    const int count = int(branches.size());
    const torch::Tensor workspace = torch::empty({kernels::branchGradientWorkspace(branches.data(), count, rows, int(rank))},
                                                 lowRank.options().dtype(torch::kFloat32));
    const c10::cuda::CUDAGuard guard(lowRank.device());
    kernels::branchGradients(branches.data(), count, rows, lowRank.size(1), int(rank), workspace.data_ptr<float>(),
                             halfTypeOf(lowRank.scalar_type()), currentStream());
    return upGradients;
#else
    (void)gradRows, (void)ups, (void)lowRank, (void)ranks, (void)scales, (void)gradLowRank;
    return {};
#endif
}

bool takesLowRankBranches(const torch::Tensor& x)
{
    return fusedKernelsEnabled() && x.is_cuda() &&
           (x.scalar_type() == torch::kBFloat16 || x.scalar_type() == torch::kHalf);
}

std::vector<torch::Tensor> projectWithBranches(const torch::Tensor& x, const std::vector<const FrozenLinear*>& bases,
                                               const std::vector<const LoraWeights*>& loras, bool valuesWanted)
{
    // The branches by input: those reading x itself first, then one per LoRA
    // dropout with its own mask, drawn in the projections' order (a
    // recomputation draws the same masks after the same seed).
    std::vector<int64_t> basePointers, loraOf(bases.size(), -1);
    std::vector<torch::Tensor> dropped, downs, ups;
    std::vector<double> scales;
    std::vector<int64_t> branchesPerInput = {0};
    const auto addBranch = [&](size_t i) {
        loraOf[i] = int64_t(downs.size());
        downs.push_back(loras[i]->a);
        ups.push_back(loras[i]->b);
        scales.push_back(loras[i]->scale);
    };
    const auto dropsOut = [&](size_t i) { return loras[i]->dropout > 0; };
    for (size_t i = 0; i < bases.size(); ++i) {
        basePointers.push_back(reinterpret_cast<int64_t>(bases[i]));
        if (loras[i] && !dropsOut(i)) {
            addBranch(i);
            ++branchesPerInput[0];
        }
    }
    for (size_t i = 0; i < bases.size(); ++i)
        if (loras[i] && dropsOut(i)) {
            dropped.push_back(loraDropout(x, loras[i]->dropout));
            addBranch(i);
            branchesPerInput.push_back(1);
        }
    return ProjectedBranches::apply(x, at::TensorList(dropped), at::TensorList(downs), at::TensorList(ups),
                                    basePointers, loraOf, branchesPerInput, scales, valuesWanted);
}

} // namespace qs::model::fused

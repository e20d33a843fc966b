#!/usr/bin/env bash
# Run ON THE GPU MACHINE (DESIGN.md §6: CUDA, Python torch, CMake, ninja; no Qt,
# no internet). Builds core, the CLI and the core + gpu Qt Test executables
# against the CUDA libtorch inside Python's torch package, then runs the tests
# labelled core and gpu. Debian packages for nlohmann_json, PCRE2, utf8proc and
# QtCore/QtTest come from .debs/ (tests/gpu/fetch-debs.sh, run beforehand).
# Logs go to $OUT (or build/gpu-out).
set -uo pipefail
cd "$(dirname "$0")/../.."
out=${OUT:-$PWD/build/gpu-out}
mkdir -p "$out"
deps=/tmp/qs-deps
step() { echo; echo "== $* =="; }

step "machine"
nvidia-smi --query-gpu=name,compute_cap,memory.total,driver_version --format=csv,noheader | tee "$out/gpu.txt"
python3 -c 'import torch; print("python torch", torch.__version__, "cuda", torch.version.cuda)'

step "unpack Debian packages into $deps"
ls .debs/*.deb > /dev/null || { echo "no .debs/: run tests/gpu/fetch-debs.sh first and carry .debs"; exit 1; }
for deb in .debs/*.deb; do
    # GLib is part of most images; an older copy would shadow the system's.
    case "$deb" in */libglib2.0-0_*) ldconfig -p | grep -q libglib-2.0.so.0 && continue ;; esac
    dpkg-deb -x "$deb" "$deps"
done
# moc (run by the build) and the Qt Test executables load these libraries.
export LD_LIBRARY_PATH=$deps/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}

# The reference tokenizers cannot be fetched there (no internet): they travel in
# .cache/reference-tokenizers (copied from ~/.cache/qlora-studio/reference-tokenizers).
if [ -d .cache/reference-tokenizers ]; then
    mkdir -p "$HOME/.cache/qlora-studio"
    cp -r .cache/reference-tokenizers "$HOME/.cache/qlora-studio/"
fi

export TORCH_CMAKE_PREFIX=${TORCH_CMAKE_PREFIX:-$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')}
export QS_DEPS_PREFIX=$deps/usr

step "configure (preset gpu)"
cmake --preset gpu > "$out/configure.log" 2>&1 || { tail -50 "$out/configure.log"; exit 1; }
grep -E "Qt6_DIR|Torch_DIR|CMAKE_BUILD_TYPE" build/gpu/CMakeCache.txt

step "build"
start=$(date +%s)
cmake --build --preset gpu -j "$(nproc)" > "$out/build.log" 2>&1 || { grep -E "error|Error" "$out/build.log" | head -40; exit 1; }
echo "built in $(( $(date +%s) - start )) s"

step "qlora --version"
build/gpu/bin/qlora --version | tee "$out/version.txt"

step "tests labelled core and gpu"
ctest --test-dir build/gpu --output-on-failure -L 'core|gpu' 2>&1 | tee "$out/ctest.log"
status=${PIPESTATUS[0]}

step "tokenizer throughput beside Hugging Face tokenizers (Rust), and parity fixtures checked with it"
tests/bench/bench_tokenizer.sh build/gpu "$HOME/.cache/qlora-studio/reference-tokenizers" "${QS_BENCH_MEGABYTES:-50}" \
    2>&1 | tee "$out/bench_tokenizer.md"

step "tokenizers checked against Hugging Face: one trained here, and Metaspace variants of Llama-2's"
scratch=$(mktemp -d)
build/gpu/bin/bench_tokenizer --train-demo "$scratch/trained-demo"
python3 tests/reference/make_tokenizer_variants.py "$HOME/.cache/qlora-studio/reference-tokenizers/llama2" "$scratch"
for folder in "$scratch"/*/; do
    build/gpu/bin/bench_tokenizer --tokenizer "$folder" --dump-ids tests/data/tokenizer/corpus.jsonl "$folder/ours.jsonl"
    python3 tests/reference/check_tokenizer_agreement.py "${folder%/}" tests/data/tokenizer/corpus.jsonl "$folder/ours.jsonl" \
        2>&1 | tee -a "$out/tokenizer_agreement.txt"
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done
exit "$status"

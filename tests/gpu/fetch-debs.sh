#!/usr/bin/env bash
# Run HERE (Debian 12), before tests/gpu/run.sh goes to the GPU machine: downloads
# the Debian packages that core, the CLI and the Qt Test executables need beyond
# libtorch, into .debs/ (ignored by git, carried to the GPU machine).
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p .debs
cd .debs
apt-get download -qq \
    nlohmann-json3-dev libutf8proc-dev libutf8proc2 \
    libpcre2-dev libpcre2-8-0 libpcre2-16-0 libpcre2-32-0 libpcre2-posix3 \
    qt6-base-dev qt6-base-dev-tools qmake6 libqt6core6 libqt6test6 libicu72 libdouble-conversion3 libb2-1 libglib2.0-0 2>/dev/null
ls

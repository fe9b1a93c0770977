#!/usr/bin/env bash
# Installs what is missing, then configures and builds winnow (release) in ./build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
[ -f build/build.ninja ] || meson setup build --buildtype=release >/dev/null
ninja -C build

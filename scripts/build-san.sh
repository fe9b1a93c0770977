#!/usr/bin/env bash
# Configures and builds ./build-san: the tests and the libFuzzer targets (tests/fuzz) built by clang
# with AddressSanitizer and UndefinedBehaviorSanitizer. Any sanitizer report aborts the program
# (-fno-sanitize-recover=all), so it fails the test or the fuzz run it happens in. The benchmarks and
# the Python module are left out (not what the sanitizers are for, and slow to build).
# Used by scripts/test.sh and scripts/fuzz.sh; installs nothing itself (scripts/install-deps.sh does).
# Arguments: ninja targets to build (default: all).
set -euo pipefail
cd "$(dirname "$0")/.."
# lld when there is one (install-deps.sh installs it): it links the sixty sanitized programs in
# less than half of ld's time.
link_args=()
command -v ld.lld >/dev/null && link_args=(-Dcpp_link_args=-fuse-ld=lld)
if [ ! -f build-san/build.ninja ]; then
  CC=clang CXX=clang++ meson setup build-san --buildtype=plain -Doptimization=1 "${link_args[@]}" \
    -Db_sanitize=address,undefined -Db_lundef=false -Dfuzz=true -Dbench=false -Dpython_module=disabled \
    "-Dcpp_args=-fsanitize=fuzzer-no-link -fno-sanitize-recover=all -fno-omit-frame-pointer -gline-tables-only" \
    >/dev/null
fi
ninja -C build-san -j "${WINNOW_JOBS:-2}" "$@"

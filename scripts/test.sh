#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test. Ends with one line "N passed, N failed".
#
# Three parts, each counted: the tests in the release build (./build); the same tests built by clang
# with AddressSanitizer and UndefinedBehaviorSanitizer (./build-san), where any sanitizer report
# fails the test (all but suite 'corpus', the checks of logic over the whole shared corpus); and
# each libFuzzer target run from its seed corpus for WINNOW_FUZZ_SECONDS (default 30) in the same
# build, two at a time (WINNOW_JOBS), where any finding fails. WINNOW_SANITIZE=0 skips the last two.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh || { echo "0 passed, 1 failed"; exit 1; }

passed=0 failed=0 skipped=0 status=0
# Runs `meson test` in build dir $1 and adds its counts.
run_meson_tests() {
  local dir=$1
  shift
  meson test -C "$dir" --print-errorlogs --num-processes 2 "$@" 2>&1 | tee "$dir/test-output.txt"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  local ok fail timeout skip
  ok=$(sed -n 's/^Ok:[[:space:]]*\([0-9]*\).*/\1/p' "$dir/test-output.txt" | tail -1)
  fail=$(sed -n 's/^Fail:[[:space:]]*\([0-9]*\).*/\1/p' "$dir/test-output.txt" | tail -1)
  timeout=$(sed -n 's/^Timeout:[[:space:]]*\([0-9]*\).*/\1/p' "$dir/test-output.txt" | tail -1)
  skip=$(sed -n 's/^Skipped:[[:space:]]*\([0-9]*\).*/\1/p' "$dir/test-output.txt" | tail -1)
  passed=$((passed + ${ok:-0}))
  failed=$((failed + ${fail:-0} + ${timeout:-0}))
  skipped=$((skipped + ${skip:-0}))
  # No summary at all (meson itself failed): one failure.
  [ -n "$ok" ] || { failed=$((failed + 1)); status=1; }
}

run_meson_tests build

if [ "${WINNOW_SANITIZE:-1}" != 0 ]; then
  echo "--- the tests again, with AddressSanitizer and UndefinedBehaviorSanitizer (build-san)"
  if bash scripts/build-san.sh; then
    export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
    run_meson_tests build-san --no-suite corpus
    echo "--- each fuzz target for ${WINNOW_FUZZ_SECONDS:-30} s from its seeds (build-san)"
    bash scripts/fuzz.sh --smoke "${WINNOW_FUZZ_SECONDS:-30}" | tee build-san/fuzz-output.txt
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
    passed=$((passed + $(grep -c '^fuzz .*: ok' build-san/fuzz-output.txt)))
    failed=$((failed + $(grep -c '^fuzz .*: FINDING' build-san/fuzz-output.txt)))
  else
    echo "the sanitizer build failed"
    failed=$((failed + 1))
    status=1
  fi
fi

echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"

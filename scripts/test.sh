#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test. Ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh || { echo "0 passed, 1 failed"; exit 1; }
meson test -C build --print-errorlogs --num-processes 2 2>&1 | tee build/test-output.txt
status=${PIPESTATUS[0]}
ok=$(sed -n 's/^Ok:[[:space:]]*\([0-9]*\).*/\1/p' build/test-output.txt | tail -1)
fail=$(sed -n 's/^Fail:[[:space:]]*\([0-9]*\).*/\1/p' build/test-output.txt | tail -1)
timeout=$(sed -n 's/^Timeout:[[:space:]]*\([0-9]*\).*/\1/p' build/test-output.txt | tail -1)
skipped=$(sed -n 's/^Skipped:[[:space:]]*\([0-9]*\).*/\1/p' build/test-output.txt | tail -1)
echo "${ok:-0} passed, $(( ${fail:-0} + ${timeout:-0} )) failed, ${skipped:-0} skipped"
exit "$status"

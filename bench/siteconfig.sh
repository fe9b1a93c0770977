#!/bin/bash
# bench/siteconfig.sh: start-up of the winnow command with the whole FiveFilters collection given
# (target: under 60 ms), against the embedded rules alone; then build/bench/siteconfig.
#
#   bench/siteconfig.sh [BUILD_DIR]     (default BUILD_DIR: build)
#
# Each timing is the command's wall clock (bash's microsecond clock), the best of twenty runs:
# start-up and one clean of a small page, of a host with no site config and of one with.
set -u
SRC="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-build}"
case "$BUILD" in /*) ;; *) BUILD="$SRC/$BUILD" ;; esac
WINNOW="$BUILD/src/cli/winnow"
CONFIGS="$SRC/../shared/ftr-site-config"
[ -x "$WINNOW" ] || { echo "siteconfig.sh: no $WINNOW (build first)" >&2; exit 1; }
[ -d "$CONFIGS" ] || { echo "siteconfig.sh: no collection at $CONFIGS; nothing to measure"; exit 0; }
PAGE="$SRC/fixtures/example.html"
[ -f "$PAGE" ] || PAGE="$(ls "$SRC"/fixtures/*/*.html | head -1)"

best_of() {
  local best="" s start
  for _ in $(seq 1 20); do
    start=$EPOCHREALTIME
    "$@" > /dev/null 2>&1
    s=$(echo "$EPOCHREALTIME - $start" | bc -l)
    if [ -z "$best" ] || awk "BEGIN{exit !($s < $best)}"; then best=$s; fi
  done
  echo "$best"
}
# CPU time (user + system, perf's task-clock, mean of 20 runs), which a busy machine's other work
# does not inflate as it does the wall clock; printed only when perf is installed.
cpu_of() {
  command -v perf > /dev/null || return 0
  perf stat -x, -r 20 -e task-clock "$@" 2>&1 > /dev/null | awk -F, '/task-clock/ {printf "   cpu %5.1f ms", $1}'
}
row() { printf '  %-48s %6.1f ms%s\n' "$1" "$(echo "$2*1000" | bc)" "$3"; }
FILES=$(ls -A "$CONFIGS" | grep -c '\..*\.txt$')  # named after a host: LICENSE.txt is not
echo "== start-up + one clean ($FILES files in $CONFIGS; target: under 60 ms)"
run_row() {
  local what="$1"
  shift
  row "$what" "$(best_of "$@")" "$(cpu_of "$@")"
}
run_row "embedded rules only" "$WINNOW" -q --url https://unknown.example/ "$PAGE"
run_row "--site-config, a host without a site config" "$WINNOW" -q --site-config "$CONFIGS" --url https://unknown.example/ "$PAGE"
run_row "--site-config, a host with one (nytimes.com)" "$WINNOW" -q --site-config "$CONFIGS" --url https://www.nytimes.com/a "$PAGE"
run_row "rules check --site-config (every file, every XPath)" "$WINNOW" rules check -q --site-config "$CONFIGS"
echo
[ -x "$BUILD/bench/siteconfig" ] && "$BUILD/bench/siteconfig"

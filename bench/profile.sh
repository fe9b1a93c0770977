#!/bin/bash
# bench/profile.sh: where a clean's time goes, counted in instructions by callgrind (valgrind).
#
#   bench/profile.sh [BUILD_DIR] [EVERY]     (default: build, every 6th corpus page)
#
# Runs build/bench/profile under callgrind three times (Gumbo's parse of the raw pages, winnow's
# clean, and neither), prints the clean's instructions against the raw parse's (the b/a ratio of
# issue 6 in instructions, which a busy machine does not skew), then the clean's costliest
# functions, inclusive. Symbols need a build with debug info: `meson setup build-prof
# -Dbuildtype=debugoptimized` (a release build still gives the ratio). Takes a few minutes.
set -eu
SRC="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-build}"
case "$BUILD" in /*) ;; *) BUILD="$SRC/$BUILD" ;; esac
EVERY="${2:-6}"
PROFILE="$BUILD/bench/profile"
[ -x "$PROFILE" ] || { echo "profile.sh: no $PROFILE (build first)" >&2; exit 1; }
command -v valgrind > /dev/null || { echo "profile.sh: needs valgrind" >&2; exit 1; }
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

declare -A IR
for mode in none raw clean; do
  valgrind --tool=callgrind --callgrind-out-file="$TMP/$mode.out" "$PROFILE" "$mode" "$EVERY" \
    > "$TMP/$mode.stdout" 2> "$TMP/$mode.stderr"
  IR[$mode]=$(grep -o 'Collected : [0-9]*' "$TMP/$mode.stderr" | awk '{print $3}')
  [ "$mode" = none ] || cat "$TMP/$mode.stdout"
done
raw=$(( IR[raw] - IR[none] ))
clean=$(( IR[clean] - IR[none] ))
printf '\ninstructions: gumbo raw parse %d M, winnow clean %d M, ratio b/a %.3f (target: at most 0.5)\n' \
  $(( raw / 1000000 )) $(( clean / 1000000 )) "$(echo "$clean / $raw" | bc -l)"
echo
echo "the clean's costliest functions, inclusive, as a share of the raw parse:"
callgrind_annotate --inclusive=yes "$TMP/clean.out" 2> /dev/null |
  awk -v raw="$raw" '/^ *[0-9,]+ +\(/ {
      n = $1; gsub(",", "", n);
      name = $0; sub(/^ *[0-9,]+ +\( *[0-9.]+%\) +/, "", name); sub(/ \[.*$/, "", name);
      gsub(/\(anonymous namespace\)::/, "", name); sub(/\(.*$/, "", name);
      sub(/^\?\?\?:/, "", name); sub(/^[^ ]*\.(cc|h|c|hpp):/, "", name);
      if (name ~ /^(winnow::|gumbo_parse_with|gumbo_lex|re2::RE2::)/ && name !~ /lambda|main/ && !seen[name]++ && shown < 30) {
        printf "  %6.3f  %s\n", n / raw, name; shown++ } }'

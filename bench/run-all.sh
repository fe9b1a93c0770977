#!/bin/bash
# bench/run-all.sh: the start-up, memory and parallelism figures of issue 6, measured on the CLI.
# (Throughput against Gumbo is bench/speed; this script runs it first unless --no-speed.)
#
#   bench/run-all.sh [BUILD_DIR] [--no-speed]     (default BUILD_DIR: build)
#
# Prints, each with its target:
#   1. rule loading: start-up + one clean with 5,000 generated site rule files in --rules DIR,
#      against the embedded rules alone, and the peak memory each way;
#   2. peak resident memory for one page against the page's size, on the largest corpus pages;
#   3. a 10,000-page batch (corpus pages repeated) in constant memory: peak RSS after 1,000 vs 10,000;
#   4. --jobs 2 against --jobs 1 on saved files;
#   5. bench/siteconfig.sh: start-up with the whole FiveFilters collection given, the XPath mirror.
# Needs ../shared/corpus beside the source tree and GNU time (/usr/bin/time). Figures are wall
# clock on a possibly busy machine: each timing is the best of several runs.
set -u
SRC="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-build}"
case "$BUILD" in /*) ;; *) BUILD="$SRC/$BUILD" ;; esac
WINNOW="$BUILD/src/cli/winnow"
CORPUS="$SRC/../shared/corpus"
[ -x "$WINNOW" ] || { echo "run-all: no $WINNOW (build first)" >&2; exit 1; }
[ -d "$CORPUS" ] || { echo "run-all: no corpus at $CORPUS; nothing to measure"; exit 0; }
[ -x /usr/bin/time ] || { echo "run-all: needs GNU time at /usr/bin/time" >&2; exit 1; }
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

if [ "${2:-}" != "--no-speed" ] && [ -x "$BUILD/bench/speed" ]; then
  echo "== bench/speed"
  "$BUILD/bench/speed"
  echo
fi

find "$CORPUS" -name '*.html' ! -name expected.html | sort > "$TMP/pages"
NPAGES=$(wc -l < "$TMP/pages")

# best_of CMD...: prints "SECONDS PEAK_KIB": the fastest of five runs, timed by bash's microsecond
# clock (GNU time counts hundredths, and running under it adds milliseconds), then the peak
# resident KiB of one more run under GNU time. Output is discarded.
best_of() {
  local best="" s start
  for _ in 1 2 3 4 5; do
    start=$EPOCHREALTIME
    "$@" > /dev/null 2> "$TMP/stderr" || { cat "$TMP/stderr" >&2; }
    s=$(echo "$EPOCHREALTIME - $start" | bc -l)
    if [ -z "$best" ] || awk "BEGIN{exit !($s < $best)}"; then best=$s; fi
  done
  /usr/bin/time -f '%M' -o "$TMP/time" "$@" > /dev/null 2>&1 || true
  echo "$best $(tail -1 "$TMP/time")"
}

echo "== 1. rule loading (target: start-up + one clean under 50 ms with 5,000 site files)"
mkdir -p "$TMP/rules" "$TMP/rules1k"
# Site files shaped like the shipped ones: hints, removals, a text pattern, a named group.
for i in $(seq 1 5000); do
  cat > "$TMP/rules/site$i.example.com.rules" <<EOF
# generated site $i
site: site$i.example.com
title: h1.headline-$i, h1#title
byline: .author-$i a[rel="author"]
date: meta[property="article:published_time"]
body: article .story-body-$i, div[itemprop="articleBody"]
name: site$i-junk
remove: .promo-$i, #newsletter-$i, [class*="sponsor-$i" i], aside .related-$i
remove: div:has(> a[href*="/subscribe-$i"])
remove-text: /(advertisement|sponsored by .{1,40}) $i/i
unwrap: span.link-$i
EOF
  [ "$i" -le 1000 ] && cp "$TMP/rules/site$i.example.com.rules" "$TMP/rules1k/"
done
sync  # the 5,000 files just written: let their write-back not run into the timings
PAGE=$(head -1 "$TMP/pages")
read -r t0 k0 < <(best_of "$WINNOW" -q "$PAGE")
read -r t1 k1 < <(best_of "$WINNOW" -q --rules "$TMP/rules1k" "$PAGE")
read -r t2 k2 < <(best_of "$WINNOW" -q --rules "$TMP/rules" "$PAGE")
read -r t3 k3 < <(best_of "$WINNOW" -q --rules "$TMP/rules" --url https://site42.example.com/a "$PAGE")
row() { printf '  %-34s %6.1f ms  %6.1f MB peak\n' "$1" "$(echo "$2*1000" | bc)" "$(echo "$3/1024" | bc -l)"; }
row "embedded rules only" "$t0" "$k0"
row "+ 1,000 site files" "$t1" "$k1"
row "+ 5,000 site files" "$t2" "$k2"
row "+ 5,000, the page is one site's" "$t3" "$k3"
printf '  each site file costs %.0f us to load and %.1f KB of memory, used or not\n' \
  "$(echo "($t2-$t0)*1000000/5000" | bc -l)" "$(echo "($k2-$k0)/5000" | bc -l)"
echo "  (page: $(basename "$(dirname "$PAGE")")/$(basename "$PAGE"), $(stat -c %s "$PAGE") bytes)"
echo

echo "== 2. peak memory for one page (target: at most 10x the page + a small constant)"
echo '<p>x</p>' > "$TMP/tiny.html"
read -r _ kbase < <(best_of "$WINNOW" -q "$TMP/tiny.html")
echo "  constant: $((kbase / 1024)) MB (a one-line page: the binary and the embedded rules)"
xargs -d '\n' stat -c '%s %n' < "$TMP/pages" | sort -rn | head -5 > "$TMP/largest"
while read -r size path; do
  read -r _ k < <(best_of "$WINNOW" -q "$path")
  printf '  %-44s %8.2f MB page  %7.1f MB peak  (peak - constant) / page = %5.1f\n' \
    "$(basename "$(dirname "$path")")/$(basename "$path")" "$(echo "$size/1048576" | bc -l)" \
    "$(echo "$k/1024" | bc -l)" "$(echo "($k-$kbase)*1024/$size" | bc -l)"
done < "$TMP/largest"
echo

echo "== 3. a 10,000-page batch in constant memory (corpus pages repeated; --jobs 2)"
for n in 1000 10000; do
  : > "$TMP/list$n"
  while [ "$(wc -l < "$TMP/list$n")" -lt "$n" ]; do cat "$TMP/pages" >> "$TMP/list$n"; done
  head -n "$n" "$TMP/list$n" > "$TMP/list$n.cut"
  /usr/bin/time -f '%e %M' -o "$TMP/time" "$WINNOW" -q -j 2 -i "$TMP/list$n.cut" > /dev/null 2> /dev/null
  read -r s k < "$TMP/time"
  printf '  %6d pages  %7.1f s  %7.1f pages/s  %7.1f MB peak\n' "$n" "$s" "$(echo "$n/$s" | bc -l)" "$(echo "$k/1024" | bc -l)"
done
echo

echo "== 4. --jobs 2 against --jobs 1 on saved files (target: at least 1.8x; $NPAGES pages x 2)"
# Alternated, three times, each pair's ratio shown: a colleague's compile during one run skews that
# pair only, and the range says how much to trust the figure.
cat "$TMP/pages" "$TMP/pages" > "$TMP/list-jobs"
ratios=""
for run in 1 2 3; do
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f '%e' -o "$TMP/time" "$WINNOW" -q -j 1 -i "$TMP/list-jobs" > /dev/null 2>&1
  j1=$(tail -1 "$TMP/time")
  /usr/bin/time -f '%e' -o "$TMP/time" "$WINNOW" -q -j 2 -i "$TMP/list-jobs" > /dev/null 2>&1
  j2=$(tail -1 "$TMP/time")
  r=$(echo "$j1/$j2" | bc -l)
  ratios="$ratios $r"
  printf '  run %d: --jobs 1 %6.2f s, --jobs 2 %6.2f s, speed-up %.2fx   (load average before: %s)\n' "$run" "$j1" "$j2" "$r" "$load"
done
printf '  speed-up range: %s   (cores: %s)\n' "$(echo $ratios | tr ' ' '\n' | sort -n | awk 'NR==1{lo=$1} {hi=$1} END{printf "%.2fx - %.2fx", lo, hi}')" "$(nproc)"

echo
echo "== 5. site configs (bench/siteconfig.sh: start-up with the whole FiveFilters collection, the XPath mirror)"
bash "$SRC/bench/siteconfig.sh" "$BUILD"

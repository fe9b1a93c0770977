#!/bin/bash
# bench/warc.sh: WARC input's throughput, per core, against cleaning the same pages as files.
#
#   bench/warc.sh [BUILD_DIR]      (default BUILD_DIR: build)
#
# Builds a WARC file (gzip per record, the Common Crawl layout) of every page of ../shared/corpus
# with scripts/make_warc.py, then times, best of three each:
#   1. winnow --jobs 1 and --jobs 2 on the WARC file (JSON Lines to /dev/null);
#   2. winnow --jobs 1 and --jobs 2 -f jsonl on the same pages as files (-i list);
# and prints pages/s and pages/s per core for each, and the WARC/files ratio; then
#   3. peak resident memory on a WARC of the corpus repeated 1 and 8 times (constant memory).
# Needs ../shared/corpus beside the source tree and GNU time (/usr/bin/time).
set -u
SRC="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-build}"
case "$BUILD" in /*) ;; *) BUILD="$SRC/$BUILD" ;; esac
WINNOW="$BUILD/src/cli/winnow"
CORPUS="$SRC/../shared/corpus"
[ -x "$WINNOW" ] || { echo "warc: no $WINNOW (build first)" >&2; exit 1; }
[ -d "$CORPUS" ] || { echo "warc: no corpus at $CORPUS; nothing to measure"; exit 0; }
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

find "$CORPUS" -name '*.html' ! -name expected.html | sort > "$TMP/pages"
NPAGES=$(wc -l < "$TMP/pages")
xargs -d '\n' python3 "$SRC/scripts/make_warc.py" "$TMP/corpus.warc.gz" < "$TMP/pages" 2>/dev/null
xargs -d '\n' python3 "$SRC/scripts/make_warc.py" --repeat 8 "$TMP/corpus8.warc.gz" < "$TMP/pages" 2>/dev/null
echo "corpus: $NPAGES pages; WARC $(du -k "$TMP/corpus.warc.gz" | cut -f1) KiB gzip per record ($((NPAGES * 3 + 1)) records)"

best_of() {  # prints the fastest of three wall-clock runs, in seconds
  local best="" s start
  for _ in 1 2 3; do
    start=$EPOCHREALTIME
    "$@" > /dev/null 2>&1
    s=$(echo "$EPOCHREALTIME - $start" | bc -l)
    if [ -z "$best" ] || awk "BEGIN{exit !($s < $best)}"; then best=$s; fi
  done
  echo "$best"
}

echo "== 1-2. pages/s (best of 3; per core = pages/s / jobs)"
printf '%-28s %8s %10s %14s\n' run seconds pages/s "pages/s/core"
for jobs in 1 2; do
  w=$(best_of "$WINNOW" -q --jobs "$jobs" "$TMP/corpus.warc.gz")
  f=$(best_of "$WINNOW" -q --jobs "$jobs" -f jsonl -i "$TMP/pages")
  printf '%-28s %8.2f %10.1f %14.1f\n' "WARC, --jobs $jobs" "$w" "$(echo "$NPAGES / $w" | bc -l)" "$(echo "$NPAGES / $w / $jobs" | bc -l)"
  printf '%-28s %8.2f %10.1f %14.1f\n' "files, --jobs $jobs" "$f" "$(echo "$NPAGES / $f" | bc -l)" "$(echo "$NPAGES / $f / $jobs" | bc -l)"
  printf '%-28s %8.2f\n' "  WARC time / files time" "$(echo "$w / $f" | bc -l)"
done

echo "== 3. peak memory (KiB), --jobs 2"
if [ -x /usr/bin/time ]; then
  for f in corpus corpus8; do
    /usr/bin/time -f '%M' -o "$TMP/rss" "$WINNOW" -q --jobs 2 "$TMP/$f.warc.gz" > /dev/null 2>&1
    printf '%-28s %8s KiB peak RSS (%s KiB file)\n' "$f.warc.gz" "$(tail -1 "$TMP/rss")" "$(du -k "$TMP/$f.warc.gz" | cut -f1)"
  done
else
  echo "(no /usr/bin/time)"
fi

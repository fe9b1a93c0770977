#!/bin/bash
# bench/dask.sh: examples/dask_clean.py's pages/s on a local Dask cluster of 1 and 2 workers
# (one thread each), over the corpus pages in 4 WARC files (gzip per record), repeated 3 times.
#
#   bench/dask.sh [BUILD_DIR]      (default BUILD_DIR: build)
#
# The time is the bag's compute() only, not the cluster's start-up. Needs ../shared/corpus,
# python3-dask, python3-distributed and the module built in BUILD_DIR/src/python.
set -u
SRC="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-build}"
case "$BUILD" in /*) ;; *) BUILD="$SRC/$BUILD" ;; esac
CORPUS="$SRC/../shared/corpus"
PY=/usr/bin/python3
[ -d "$CORPUS" ] || { echo "dask: no corpus at $CORPUS; nothing to measure"; exit 0; }
ls "$BUILD"/src/python/winnow*.so > /dev/null 2>&1 || { echo "dask: no module in $BUILD/src/python (build first)" >&2; exit 1; }
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
find "$CORPUS" -name '*.html' ! -name expected.html | sort > "$TMP/pages"
split -n l/4 -d "$TMP/pages" "$TMP/part-"
for part in "$TMP"/part-*; do
  xargs -d '\n' $PY "$SRC/scripts/make_warc.py" --repeat 3 "$part.warc.gz" < "$part" 2>/dev/null
done
echo "corpus: $(wc -l < "$TMP/pages") pages x 3 in 4 WARC files"
for workers in 1 2; do
  for round in 1 2; do
    PYTHONPATH="$BUILD/src/python" $PY "$SRC/examples/dask_clean.py" --workers "$workers" --threads 1 \
      --out "$TMP/out-$workers-$round" "$TMP"/part-*.warc.gz 2>/dev/null | sed "s/^dask_clean:/$workers worker(s), round $round:/"
  done
done

#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz (built in ./build-san by scripts/build-san.sh).
#
#   scripts/fuzz.sh HOURS [TARGET...]   a campaign: HOURS (may be fractional) shared equally by the
#                                       targets, one after the other; the corpus is kept between runs
#                                       in $WINNOW_FUZZ_DIR (default ./fuzz-corpus/TARGET), findings
#                                       go to $WINNOW_FUZZ_DIR/findings/TARGET/ and do not stop the
#                                       campaign. Prints execs per target and the findings at the end.
#   scripts/fuzz.sh --smoke SECONDS     CI: each target SECONDS from the seed corpus only, in a
#                                       scratch copy, $WINNOW_JOBS (default 2) targets at once;
#                                       any finding fails (exit 1).
#
# The seed corpus is written by tests/fuzz/make_corpus.py. Run a campaign at low priority on a
# shared machine: `nice -n 19 scripts/fuzz.sh 2`.
set -uo pipefail
cd "$(dirname "$0")/.."

all_targets=(clean charset rules selector siteconfig warc http)
# Per target: the longest input worth trying, and a dictionary.
max_len() { case "$1" in clean) echo 16384 ;; warc) echo 65536 ;; rules | siteconfig) echo 8192 ;; *) echo 4096 ;; esac; }
dict() { case "$1" in clean) echo "-dict=tests/fuzz/html.dict" ;; esac; }

usage() { echo "usage: scripts/fuzz.sh HOURS [TARGET...] | --smoke SECONDS" >&2; exit 2; }
[ $# -ge 1 ] || usage

bash scripts/build-san.sh $(printf "tests/fuzz/%s_fuzz " "${all_targets[@]}") >/dev/null || { echo "fuzz.sh: the sanitizer build failed" >&2; exit 1; }
# Sanitizer reports end the run with a non-zero status; leaks are findings too.
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

seeds=$(mktemp -d /tmp/winnow-fuzz-seeds.XXXXXX)
trap 'rm -rf "$seeds"' EXIT
python3 tests/fuzz/make_corpus.py "$seeds" >/dev/null

# The number of inputs libFuzzer ran: its closing "Done N runs", else the last "#N" status line
# (fork mode prints no "Done").
execs_of() {
  local n
  n=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$1" | tail -1)
  [ -n "$n" ] || n=$(grep -o '^#[0-9]*' "$1" | tail -1 | tr -d '#')
  echo "${n:-0}"
}

if [ "$1" = "--smoke" ]; then
  [ $# -eq 2 ] || usage
  seconds=$2
  # One target per core at once ($WINNOW_JOBS, default 2): each still gets SECONDS of a core.
  jobs=${WINNOW_JOBS:-2}
  smoke() {
    local t=$1 work="$seeds/work-$1"
    mkdir -p "$work" "$seeds/artifacts-$t"
    build-san/tests/fuzz/${t}_fuzz -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
      -max_len="$(max_len "$t")" $(dict "$t") -artifact_prefix="$seeds/artifacts-$t/" \
      "$work" "$seeds/$t" >"$seeds/$t.log" 2>&1
    echo $? >"$seeds/$t.status"
  }
  running=0
  for t in "${all_targets[@]}"; do
    if [ "$running" -ge "$jobs" ]; then
      wait -n
      running=$((running - 1))
    fi
    smoke "$t" &
    running=$((running + 1))
  done
  wait
  failed=0
  for t in "${all_targets[@]}"; do
    log="$seeds/$t.log"
    status=$(cat "$seeds/$t.status" 2>/dev/null || echo 1)
    if [ "$status" -ne 0 ]; then
      echo "fuzz $t: FINDING (exit $status) after $(execs_of "$log") execs:"
      grep -E 'ERROR|SUMMARY|runtime error|deadly signal|Test unit written' "$log" | head -20
      failed=1
    else
      echo "fuzz $t: ok, $(execs_of "$log") execs in ${seconds} s"
    fi
  done
  exit $failed
fi

hours=$1
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
dir="${WINNOW_FUZZ_DIR:-fuzz-corpus}"
per=$(python3 -c "import sys; print(max(10, int(float(sys.argv[1]) * 3600 / int(sys.argv[2]))))" "$hours" ${#targets[@]})
mkdir -p "$dir/logs" "$dir/bin"
# A copy of each binary: fork mode starts the binary again for every job, and a rebuild of
# build-san during a long campaign must not pull it from under it.
for t in "${targets[@]}"; do cp "build-san/tests/fuzz/${t}_fuzz" "$dir/bin/"; done
summary="$dir/logs/summary-$(date +%Y%m%d-%H%M%S).txt"
for t in "${targets[@]}"; do
  mkdir -p "$dir/$t" "$dir/findings/$t"
  log="$dir/logs/$t-$(date +%Y%m%d-%H%M%S).log"
  echo "fuzz $t: $per s, corpus $dir/$t ($(ls "$dir/$t" | wc -l) inputs), log $log"
  # -fork=1 with -ignore_*: a finding is written to findings/ and the run goes on; the corpus (the
  # first directory) gains every new input.
  "$dir/bin/${t}_fuzz" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$per" -timeout=20 -rss_limit_mb=2048 -max_len="$(max_len "$t")" $(dict "$t") \
    -artifact_prefix="$dir/findings/$t/" "$dir/$t" "$seeds/$t" >"$log" 2>&1
  execs=$(execs_of "$log")
  findings=$(ls "$dir/findings/$t" | wc -l)
  echo "$t: ${execs:-0} execs in $per s, corpus $(ls "$dir/$t" | wc -l) inputs, findings so far $findings" | tee -a "$summary"
done
echo "summary in $summary; findings in $dir/findings/"

#!/bin/sh
# Runs the libFuzzer targets of tests/fuzz, built in build-fuzz/ (clang, HOIST_FUZZ=ON, which
# this configures and builds when needed). Each run works on a scratch copy of the target's
# seed corpus and regression inputs, so the checked-in corpus is never written to; crashes
# are written to the scratch directory, which is printed.
#   tools/fuzz.sh --list                 the targets
#   tools/fuzz.sh TARGET MINUTES         one target for MINUTES (e.g. request_target 10)
#   tools/fuzz.sh --all SECONDS          every target for SECONDS each, as many at once as
#                                        there are cores; fails if any target crashes
# A crash input belongs in tests/fuzz/regressions/TARGET/ once the bug is fixed; ctest runs
# those inputs and the corpus in build-fuzz (label fuzz).
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
build="$root/build-fuzz"
jobs=$(nproc 2>/dev/null || echo 2)

targets() {
  for f in tests/fuzz/fuzz_*.cpp; do
    name=${f#tests/fuzz/fuzz_}
    echo "${name%.cpp}"
  done
}

usage() {
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

build_targets() {
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ \
      -DCMAKE_C_COMPILER=clang -DHOIST_FUZZ=ON -DHOIST_TESTS=OFF -DHOIST_BENCHMARKS=OFF >/dev/null
  fi
  cmake --build "$build" -j "$jobs" --target "$@"
}

# run_target NAME SECONDS: fuzzes NAME in a fresh scratch directory (log in fuzz.log, inputs
# that crash in crashes/); prints the directory, fails if the target crashed.
run_target() {
  name=$1
  seconds=$2
  scratch="$build/fuzz-runs/$name-$(date +%Y%m%d-%H%M%S)-$$"
  mkdir -p "$scratch/corpus" "$scratch/crashes"
  for dir in corpus regressions; do
    if [ -d "tests/fuzz/$dir/$name" ]; then
      cp -R "tests/fuzz/$dir/$name/." "$scratch/corpus/"
    fi
  done
  echo "$scratch"
  # -timeout: an input that takes seconds is a hang worth reporting; -rss_limit_mb: likewise
  # a memory blow-up. UBSan stops at the first report (-fno-sanitize-recover).
  UBSAN_OPTIONS=print_stacktrace=1 nice -n 10 "$build/tests/fuzz/fuzz_$name" "$scratch/corpus" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$scratch/crashes/" >"$scratch/fuzz.log" 2>&1
}

case "${1:-}" in
  --list)
    targets
    ;;
  --all)
    [ $# -eq 2 ] || usage
    seconds=$2
    build_targets hoist_fuzz
    failed=0
    # Up to $jobs targets at once; each prints its scratch directory and status when done.
    results=$(mktemp)
    targets | xargs -P "$jobs" -I{} sh -c '
      if out=$("$0" --one {} "$1"); then echo "ok     {} $out"; else echo "CRASH  {} $out"; fi
    ' "$root/tools/fuzz.sh" "$seconds" >"$results"
    sort -k2 "$results"
    if grep -q '^CRASH' "$results"; then
      for dir in $(awk '/^CRASH/ {print $3}' "$results"); do
        echo "== $dir/fuzz.log (last lines)"
        tail -n 40 "$dir/fuzz.log"
        ls -l "$dir/crashes"
      done
      failed=1
    fi
    rm -f "$results"
    exit "$failed"
    ;;
  --one)
    # Internal, for --all: one target, already built.
    run_target "$2" "$3"
    ;;
  ""|-*)
    usage
    ;;
  *)
    [ $# -eq 2 ] || usage
    name=$1
    minutes=$2
    targets | grep -qx "$name" || { echo "fuzz.sh: no target '$name' (see --list)" >&2; exit 2; }
    build_targets "fuzz_$name"
    echo "fuzz.sh: fuzz_$name for $minutes min"
    if dir=$(run_target "$name" $((minutes * 60))); then status=0; else status=1; fi
    echo "fuzz.sh: log, corpus and crashes in $dir"
    grep -E '^(stat::|INFO: Done|==[0-9]+==ERROR|SUMMARY)' "$dir/fuzz.log" || true
    if [ "$status" -ne 0 ]; then
      echo "fuzz.sh: fuzz_$name crashed; inputs in $dir/crashes:"
      ls -l "$dir/crashes"
      exit 1
    fi
    echo "fuzz.sh: no crash; new corpus in $dir/corpus"
    ;;
esac

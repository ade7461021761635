#!/bin/sh
# Builds hoist and runs every test, twice: a g++ build as users get it, and a clang build with
# AddressSanitizer and UndefinedBehaviorSanitizer (which also checks the lock annotations,
# -Wthread-safety); then, in a clang build with ThreadSanitizer, the tests that run the
# engine's and the server's threads (label threads); then the libFuzzer targets, each over its
# seed corpus and regression inputs and for a few seconds of fuzzing. Installs missing
# dependencies first.
#   tools/test.sh            all four
#   tools/test.sh --fast     the g++ pass only
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
started=$(date +%s)
# Each phase's heading says how long the run has taken so far: the suite must stay within
# its time budget (30 minutes on a 2-core machine), and this shows which phase grew.
phase() { echo "== $1 ($(($(date +%s) - started)) s so far)"; }

./tools/install-deps.sh

phase "g++ build (build/)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=g++ -DCMAKE_C_COMPILER=gcc
cmake --build build -j "$jobs"
phase "g++ tests"
ctest --test-dir build --output-on-failure -j "$jobs"

if [ "${1:-}" = "--fast" ]; then
  phase "all passed"
  exit 0
fi

# The sanitizer builds are Debug (assertions on) at -O1, which the sanitizers' documentation
# recommends for speed, with line tables only: stack traces keep their files and lines
# without the cost of full debug information.
sanitizer_flags="-O1 -gline-tables-only"

phase "clang build with AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/)"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang \
  -DCMAKE_CXX_FLAGS_DEBUG="$sanitizer_flags" -DCMAKE_C_FLAGS_DEBUG="$sanitizer_flags" \
  -DHOIST_SANITIZE=address,undefined -DHOIST_BENCHMARKS=OFF
cmake --build build-asan -j "$jobs"
phase "AddressSanitizer tests"
# The aws-cli parity tests (CliParityTest) run in the g++ pass only: nearly all their time is
# aws-cli's own (Python, the same in every pass), and the hoist verbs they compare (cp, mv,
# rm, sync, ls and their filters) run under the sanitizers in the other CLI tests.
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs" -E CliParityTest

# Only what the threads tests need is built (target hoist_thread_tests); a race ends the
# process at once (exit code 66), so the test that ran it fails.
phase "clang build with ThreadSanitizer: tests labelled threads (build-tsan/)"
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang \
  -DCMAKE_CXX_FLAGS_DEBUG="$sanitizer_flags" -DCMAKE_C_FLAGS_DEBUG="$sanitizer_flags" \
  -DHOIST_SANITIZE=thread -DHOIST_BENCHMARKS=OFF
cmake --build build-tsan -j "$jobs" --target hoist_thread_tests
phase "ThreadSanitizer tests"
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
  ctest --test-dir build-tsan --output-on-failure -j "$jobs" -L threads

# Seconds of fuzzing per target: 19 targets, two at a time, take under a minute and a half.
phase "libFuzzer targets: corpus and regression inputs, then ${HOIST_FUZZ_SECONDS:-8} s each (build-fuzz/)"
# The one build compiled file by file (HOIST_UNITY_BUILD=OFF): it compiles every library, so a
# source file that compiles only thanks to a batch-mate's includes fails here.
cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_C_COMPILER=clang -DHOIST_FUZZ=ON -DHOIST_TESTS=OFF -DHOIST_BENCHMARKS=OFF \
  -DHOIST_UNITY_BUILD=OFF
cmake --build build-fuzz -j "$jobs" --target hoist_fuzz
phase "fuzz targets"
ctest --test-dir build-fuzz --output-on-failure -j "$jobs" -L fuzz
./tools/fuzz.sh --all "${HOIST_FUZZ_SECONDS:-8}"
phase "all passed"

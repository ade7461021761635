#!/bin/bash
# An embedder's project that adds hoist with add_subdirectory: configured, hoist's tests,
# benchmarks and -Werror are off unless the embedder turns them on, and the library targets
# are there to link.
#   subproject_defaults.sh CMAKE HOIST_SOURCE_DIR
set -euo pipefail
cmake=$1
source=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/embedder"
cat > "$work/embedder/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.22)
project(embedder LANGUAGES C CXX)
add_subdirectory("$source" hoist)
CMAKE

fail() { echo "FAIL: $*" >&2; exit 1; }
cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$work/build/CMakeCache.txt"; }

"$cmake" -S "$work/embedder" -B "$work/build" -G Ninja > "$work/configure.log" 2>&1 ||
  { cat "$work/configure.log" >&2; fail "the embedder's project does not configure"; }
for option in HOIST_TESTS HOIST_BENCHMARKS HOIST_WERROR; do
  [ "$(cache_value "$option")" = OFF ] || fail "$option is $(cache_value "$option"), not OFF"
done
grep -q "hoist_thread_tests" "$work/build/build.ninja" && fail "the test targets were added"
grep -q -- "-Werror" "$work/build/build.ninja" && fail "-Werror is in the build"
grep -q "build tools/hoist:\|build hoist/tools/hoist:" "$work/build/build.ninja" ||
  fail "the hoist CLI target is missing"

# Asked for, the tests come back.
"$cmake" -S "$work/embedder" -B "$work/build-tests" -G Ninja -DHOIST_TESTS=ON \
  > "$work/configure-tests.log" 2>&1 ||
  { cat "$work/configure-tests.log" >&2; fail "the project does not configure with HOIST_TESTS=ON"; }
grep -q "hoist_thread_tests" "$work/build-tests/build.ninja" || fail "HOIST_TESTS=ON added no tests"
echo "ok"

#!/bin/bash
# The end-to-end benchmark matrix in one command: installs the tools it compares, builds hoist
# (Release) and runs bench/e2e/e2e.py, which uploads and downloads each dataset with every
# client over loopback against `hoist serve --discard` (s3rver when hoist has no serve verb)
# and writes the "## End-to-end" section of bench/RESULTS.md and bench/e2e-throughput.png.
#
#   bench/e2e/run.sh [--quick] [e2e.py options...]     (bench/e2e/run.sh --help for them)
#
# Datasets are generated once under $HOIST_BENCH_CACHE (default ~/.cache/hoist-bench).
# HOIST_BENCH_BUILD names the build directory (default build-bench); HOIST_BENCH_HOIST a
# ready hoist binary to use instead of building one.
set -euo pipefail
cd "$(dirname "$0")/../.."

for arg in "$@"; do
  case $arg in -h | --help) exec /usr/bin/python3 -B bench/e2e/e2e.py --hoist hoist --help ;; esac
done

./tools/install-deps.sh

hoist=${HOIST_BENCH_HOIST:-}
if [ -z "$hoist" ]; then
  build=${HOIST_BENCH_BUILD:-build-bench}
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DHOIST_TESTS=OFF -DHOIST_BENCHMARKS=OFF \
    >/dev/null
  cmake --build "$build" -j "$(nproc)" --target hoist >/dev/null
  hoist=$build/tools/hoist
fi

# Debian's python3: it carries python3-awscrt and python3-boto3.
exec /usr/bin/python3 -B bench/e2e/e2e.py --hoist "$hoist" "$@"

#!/bin/bash
# The end-to-end benchmark matrix in one command: installs the tools it compares, builds hoist
# (RelWithDebInfo) and runs bench/e2e/e2e.py, which uploads and downloads each dataset with
# every client over loopback against `hoist serve` (--discard for uploads, --root for
# downloads; s3rver when hoist has no serve verb) and writes the "## End-to-end" section of
# bench/RESULTS.md and bench/e2e-throughput.png.
#
#   bench/e2e/run.sh [--quick] [e2e.py options...]     (bench/e2e/run.sh --help for them)
#
# Datasets are generated once under $HOIST_BENCH_CACHE (default ~/.cache/hoist-bench).
# HOIST_BENCH_BUILD names the build directory (default build-bench); HOIST_BENCH_HOIST a
# ready hoist binary to use instead of building one; HOIST_BENCH_REV a commit to build
# (exported with git archive into $HOIST_BENCH_BUILD/src) instead of the working tree, for
# measuring main while the tree holds someone's unfinished edits. The build is RelWithDebInfo,
# so `perf record -g` on a row shows symbols.
set -euo pipefail
cd "$(dirname "$0")/../.."

for arg in "$@"; do
  case $arg in -h | --help) exec /usr/bin/python3 -B bench/e2e/e2e.py --hoist hoist --help ;; esac
done

./tools/install-deps.sh

hoist=${HOIST_BENCH_HOIST:-}
if [ -z "$hoist" ]; then
  build=${HOIST_BENCH_BUILD:-build-bench}
  source=.
  if [ -n "${HOIST_BENCH_REV:-}" ]; then
    source=$build/src
    export_dir=$(mktemp -d)
    git archive "$HOIST_BENCH_REV" | tar -x -C "$export_dir"
    # Only changed files are copied (unchanged ones keep their times, so the build stays
    # incremental); files the commit does not have are removed.
    mkdir -p "$source"
    (cd "$export_dir" && find . -type f) | while IFS= read -r f; do
      if ! cmp -s "$export_dir/$f" "$source/$f"; then
        mkdir -p "$(dirname "$source/$f")" && cp "$export_dir/$f" "$source/$f"
      fi
    done
    (cd "$source" && find . -type f) | while IFS= read -r f; do
      [ -e "$export_dir/$f" ] || rm -f "$source/$f"
    done
    rm -rf "$export_dir"
    git rev-parse "$HOIST_BENCH_REV" >"$build/src.commit"
    HOIST_BENCH_BUILT="$(git log -1 --format='%h %s' "$HOIST_BENCH_REV" | cut -c1-80)"
    export HOIST_BENCH_BUILT
    build=$build/obj
  fi
  cmake -S "$source" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHOIST_TESTS=OFF \
    -DHOIST_BENCHMARKS=OFF >/dev/null
  cmake --build "$build" -j "$(nproc)" --target hoist >/dev/null
  hoist=$build/tools/hoist
fi

# Debian's python3: it carries python3-awscrt and python3-boto3.
exec /usr/bin/python3 -B bench/e2e/e2e.py --hoist "$hoist" "$@"

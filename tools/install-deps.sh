#!/bin/sh
# Installs everything hoist needs to build, test and benchmark, from Debian 12 packages (and
# s3rver from npm, into the build tree, by the test setup). Lines: toolchain (libclang-rt-14-dev:
# the sanitizer and libFuzzer runtimes); libraries;
# test tools; the clients interop tests run against hoist serve; the end-to-end benchmark's
# other peers and tools. Safe to run again: when every package is already present it only
# checks and returns.
set -eu

PACKAGES="
  build-essential g++ clang libclang-rt-14-dev cmake make pkg-config git ca-certificates curl
  libcurl4-openssl-dev libssl-dev liburing-dev libisal-dev libpugixml-dev
  nlohmann-json3-dev libcli11-dev libsqlite3-dev libzstd-dev libmicrohttpd-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 gzip zstd openssl zsh bash-completion
  awscli python3-boto3 rclone
  python3-awscrt iperf3 gnuplot-nox time
"

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

# Node.js and npm run s3rver in the integration tests. A machine may already carry a newer
# Node.js from another source that bundles npm (and conflicts with Debian's npm package), so
# ask for the commands, not the packages.
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"

if [ -z "$missing" ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

echo "install-deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing

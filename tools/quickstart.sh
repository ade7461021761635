#!/bin/bash
# The main job on a fresh machine: installs dependencies, builds hoist, starts a local
# S3-compatible server (s3rver) on loopback, and runs hoist against it: make a bucket, upload
# a generated file, list it, download it and compare, then stops the server.
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

./tools/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=g++ -DCMAKE_C_COMPILER=gcc >/dev/null
cmake --build build -j "$jobs" --target hoist s3rver_install

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

port=${HOIST_QUICKSTART_PORT:-4568}
mkdir -p "$work/server"
node build/s3rver/node_modules/s3rver/bin/s3rver.js -d "$work/server" -a 127.0.0.1 -p "$port" --silent &
server_pid=$!
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  sleep 0.1
done

# s3rver's fixed test account; hoist finds credentials the way the AWS CLI does.
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true
hoist() {
  echo "\$ hoist $*"
  ./build/tools/hoist --endpoint-url "http://127.0.0.1:$port" "$@"
}

head -c 8388608 /dev/urandom > "$work/sample.bin"
hoist mb s3://quickstart
hoist cp "$work/sample.bin" s3://quickstart/demo/sample.bin
hoist ls --recursive --human-readable --summarize s3://quickstart
hoist cp s3://quickstart/demo/sample.bin "$work/sample.copy"
cmp "$work/sample.bin" "$work/sample.copy"
hoist rb --force s3://quickstart
echo "quickstart: uploaded, listed, downloaded and verified 8 MiB through hoist"

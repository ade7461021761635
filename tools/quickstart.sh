#!/bin/bash
# The main job on a fresh machine: installs dependencies, builds hoist, starts `hoist serve`
# (hoist's own S3-compatible server) on loopback, and runs hoist against it: make a bucket,
# back up a generated sample tree with sync, verify it, restore it and compare, then stop the
# server.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

./tools/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=g++ -DCMAKE_C_COMPILER=gcc >/dev/null
cmake --build build -j "$jobs" --target hoist

# Credentials the server accepts and the client uses; hoist finds them as the AWS CLI does.
export AWS_ACCESS_KEY_ID=QUICKSTARTKEY AWS_SECRET_ACCESS_KEY="quickstart-secret-$RANDOM$RANDOM"
export AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true

. tools/local_serve.sh
start_local_serve quickstart ./build/tools/hoist
echo "quickstart: hoist serve is listening on $endpoint"

hoist() {
  echo "\$ hoist $*"
  ./build/tools/hoist --endpoint-url "$endpoint" "$@"
}

# A small tree: a random file large enough for a multipart upload, text, nested directories.
mkdir -p "$work/sample/logs/2026" "$work/sample/data"
head -c 20971520 /dev/urandom > "$work/sample/data/blob.bin"
seq 1 20000 > "$work/sample/logs/2026/numbers.log"
echo '{"hello": "hoist"}' > "$work/sample/config.json"

hoist mb s3://quickstart
(cd "$work/sample" && find . -type f) > "$work/files"
# The backup: a sync up, a second sync that finds nothing to do, one changed file, a verify
# of every checksum, and a restore.
hoist sync --state-dir "$work/state" "$work/sample" s3://quickstart/sample
hoist sync --state-dir "$work/state" "$work/sample" s3://quickstart/sample
echo "changed" >> "$work/sample/config.json"
hoist sync --state-dir "$work/state" "$work/sample" s3://quickstart/sample
hoist ls --recursive --human-readable --summarize s3://quickstart
hoist verify "$work/sample" s3://quickstart/sample
hoist sync --state-dir "$work/state" s3://quickstart/sample "$work/restored"
diff -r "$work/sample" "$work/restored"
hoist cp --recursive s3://quickstart/sample "$work/copied"
diff -r "$work/sample" "$work/copied"
hoist hash "$work/restored/data/blob.bin"
hoist rb --force s3://quickstart
echo "quickstart: backed up, verified and restored $(wc -l < "$work/files") files through hoist"

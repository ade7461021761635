#!/bin/bash
# Soak test: uploads, downloads and syncs in a loop against `hoist serve --fault-rate 0.2`,
# killing the client with SIGKILL at random moments and running it again, as a user would.
# After each round every object is compared byte for byte with its file, and at the end no
# multipart upload may be left open. Prints the figures (rounds, runs, kills, retries the
# faults caused, bytes checked, anything lost) and exits 1 if anything was lost or left open.
#
#   tools/soak.sh MINUTES          uses build/tools/hoist (built by tools/test.sh)
#   HOIST=/path/to/hoist tools/soak.sh MINUTES
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=${1:?usage: tools/soak.sh MINUTES}
hoist_bin=${HOIST:-$PWD/build/tools/hoist}
if [ ! -x "$hoist_bin" ]; then
  echo "soak: $hoist_bin not found: build first (tools/test.sh --fast)" >&2
  exit 2
fi

export AWS_ACCESS_KEY_ID=SOAKKEY AWS_SECRET_ACCESS_KEY="soak-secret-$RANDOM$RANDOM"
export AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null

. tools/local_serve.sh
export XDG_CACHE_HOME="$work/cache"  # the journal and sync cache of these runs only
start_local_serve soak "$hoist_bin" --fault-rate 0.2 --fault-seed "$RANDOM"

rounds=0 runs=0 kills=0 retries=0 bytes_checked=0 lost=0 failed_runs=0

# One run of hoist with the soak's settings; its JSON summary is added up.
run_hoist() {
  local out
  runs=$((runs + 1))
  if out=$("$hoist_bin" --endpoint-url "$endpoint" --cli-read-timeout 3 --output json "$@" 2>"$work/last.err"); then
    :
  else
    failed_runs=$((failed_runs + 1))
    echo "soak: hoist $1 failed (run again): $(tail -1 "$work/last.err")" >&2
  fi
  local r
  r=$(printf '%s\n' "$out" | sed -n 's/^ *"retries": \([0-9]*\).*/\1/p' | head -1)
  retries=$((retries + ${r:-0}))
}

# Starts hoist, kills it with SIGKILL after a random 0.1-2.5 s (if it has not finished), then
# runs the same command to completion (up to five times: faults may fail a run).
killed_then_completed() {
  runs=$((runs + 1))
  "$hoist_bin" --endpoint-url "$endpoint" --cli-read-timeout 3 --only-show-errors "$@" \
    >/dev/null 2>&1 &
  local pid=$!
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 0.1 + (r % 240) / 100 }')"
  if kill -0 "$pid" 2>/dev/null; then
    kill -9 "$pid" 2>/dev/null || true
    kills=$((kills + 1))
  fi
  wait "$pid" 2>/dev/null || true
  local before=$failed_runs
  for _ in 1 2 3 4 5; do
    before=$failed_runs
    run_hoist "$@"
    [ "$failed_runs" -eq "$before" ] && return 0
  done
  echo "soak: hoist $* kept failing: $(cat "$work/last.err")" >&2
}

# Random files: mostly small, some large enough for multipart uploads in 5 MiB parts.
make_tree() {
  local dir=$1 count=$2
  mkdir -p "$dir/sub/deeper"
  for i in $(seq 1 "$count"); do
    local size=$((RANDOM % 200000))
    [ $((RANDOM % 4)) -eq 0 ] && size=$(( (RANDOM % 24 + 6) * 1048576 + RANDOM ))
    local where=$dir
    [ $((i % 3)) -eq 0 ] && where=$dir/sub
    [ $((i % 5)) -eq 0 ] && where=$dir/sub/deeper
    head -c "$size" /dev/urandom > "$where/file-$i.bin"
  done
}

# Compares two trees file by file; counts the bytes proven and the files lost or different.
compare_trees() {
  local want=$1 got=$2
  while IFS= read -r -d '' file; do
    local rel=${file#"$want"/}
    if cmp -s "$file" "$got/$rel"; then
      bytes_checked=$((bytes_checked + $(stat -c %s "$file")))
    else
      lost=$((lost + 1))
      echo "soak: LOST or different: $rel" >&2
    fi
  done < <(find "$want" -type f -print0)
}

"$hoist_bin" --endpoint-url "$endpoint" mb s3://soak >/dev/null
deadline=$(( $(date +%s) + minutes * 60 ))
while [ "$(date +%s)" -lt "$deadline" ]; do
  rounds=$((rounds + 1))
  round=$work/round-$rounds
  make_tree "$round/src" 12
  prefix=s3://soak/round-$rounds

  killed_then_completed cp -r "$round/src" "$prefix" --part-size 5MiB
  killed_then_completed cp -r "$prefix" "$round/down"
  compare_trees "$round/src" "$round/down"

  # Change some files, add one, then sync up (killed once) and down into a fresh tree.
  for f in $(find "$round/src" -type f | head -3); do head -c $((RANDOM * 40)) /dev/urandom > "$f"; done
  head -c 7340032 /dev/urandom > "$round/src/sub/added.bin"
  killed_then_completed sync "$round/src" "$prefix" --part-size 5MiB
  killed_then_completed sync "$prefix" "$round/synced"
  compare_trees "$round/src" "$round/synced"
  rm -rf "$round"
done

open_uploads=$("$hoist_bin" --endpoint-url "$endpoint" ls --uploads s3://soak | wc -l)
cat <<EOF
soak: $minutes minutes against hoist serve --fault-rate 0.2
  rounds:          $rounds
  hoist runs:      $runs ($failed_runs ended in failure and were run again)
  SIGKILLs:        $kills
  retries (faults the runs recovered from): $retries
  bytes checked:   $bytes_checked
  files lost or different: $lost
  multipart uploads left open: $open_uploads
EOF
[ "$lost" -eq 0 ] && [ "$open_uploads" -eq 0 ]

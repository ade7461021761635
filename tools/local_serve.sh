# Sourced by tools/quickstart.sh and tools/soak.sh: a scratch directory and `hoist serve` on a
# free loopback port for the script's lifetime, both removed on exit.
#
#   . tools/local_serve.sh
#   start_local_serve NAME HOIST [serve options...]
#
# Sets `work` (the scratch directory, with the server's store in $work/store) and `endpoint`
# (http://127.0.0.1:<port>); NAME prefixes the messages. The caller exports the credentials
# the server is to accept before calling.

work=$(mktemp -d)
server_pid=""
cleanup_local_serve() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup_local_serve EXIT INT TERM

start_local_serve() {
  local name=$1 hoist=$2
  shift 2
  mkdir -p "$work/store"
  "$hoist" serve --root "$work/store" --listen 127.0.0.1:0 "$@" 2> "$work/serve.log" &
  server_pid=$!
  endpoint=""
  for _ in $(seq 1 100); do
    endpoint=$(sed -n 's/^hoist serve: listening on \(http:[^ ]*\).*/\1/p' "$work/serve.log")
    if [ -n "$endpoint" ]; then return 0; fi
    sleep 0.1
  done
  echo "$name: hoist serve did not start:" >&2
  cat "$work/serve.log" >&2
  exit 1
}

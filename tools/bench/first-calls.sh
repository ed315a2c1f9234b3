#!/usr/bin/env bash
# A new server's first calls, with the warm-up and without: each round starts a server, waits
# until its readiness (the management port's /q/health/ready) is UP, then makes CALLS default
# crypto quotes one after the other and prints the time to ready and each call's own time (the
# quote's provenance, as the server measured it). Alternates warm-up off and on.
#
# usage: tools/bench/first-calls.sh [ROUNDS=2] [CALLS=3] [PORT=9181]
# Run from the repository root (the launcher builds first if needed).
set -euo pipefail
rounds=${1:-2} calls=${2:-3} port=${3:-9181}
mgmt=$((port + 1))
./backstop info > /dev/null # builds if needed, outside the timings
# The overall status opens the JSON; the checks nested in it (the graceful shutdown's is UP from the
# start) must not count.
ready() { curl -s "localhost:$mgmt/q/health/ready" 2> /dev/null | tr -d ' \n' | grep -q '^{"status":"UP"'; }
round() { # JVM options
  BACKSTOP_JAVA_OPTS="$1" ./backstop serve --port "$port" --management-port "$mgmt" \
    > /dev/null 2>&1 &
  local server=$! started
  started=$(date +%s%N)
  until ready; do
    kill -0 "$server" 2> /dev/null || { echo "the server exited" >&2; exit 1; }
    sleep 0.05
  done
  printf '%-34s ready %5.1f s after launch; calls:' "${1:-warm-up on (default)}" \
    "$(awk -v ns="$(($(date +%s%N) - started))" 'BEGIN { print ns / 1e9 }')"
  for _ in $(seq 1 "$calls"); do
    printf ' %s' "$(./backstop quote examples/crypto-lending.json --target "localhost:$port" \
      2> /dev/null | grep -o '[0-9,]* ms$')"
  done
  echo
  kill "$server"
  wait "$server" 2> /dev/null || true
}
for _ in $(seq 1 "$rounds"); do
  round "-Dbackstop.warmup.enabled=false"
  round ""
done

#!/usr/bin/env bash
# One-shot CLI runs in a fresh JVM each, the launcher's default (the JIT's first tier only)
# alternated with both tiers (BACKSTOP_JAVA_OPTS=-XX:TieredStopAtLevel=4): the wall time of
# every run, then the medians. What a user pricing one file pays, JVM start included.
#
# usage: tools/bench/oneshot.sh [ROUNDS=3] [COMMAND FILE]...
#   default commands: quote of each example, collateral and stress of crypto-lending.
# Run from the repository root after a build (the launcher builds first if needed).
set -euo pipefail
rounds=${1:-3}
shift || true
if [ $# -eq 0 ]; then
  set -- quote examples/crypto-lending.json quote examples/nft-lending.json \
    quote examples/rwa-vault.json collateral examples/crypto-lending.json \
    stress examples/crypto-lending.json
fi
./backstop info > /dev/null # builds if needed, outside the timings
wall() { # command file [java options]: wall seconds of one run
  local started
  started=$(date +%s%N)
  # A failed run is no timing: the script stops (set -e does not reach into a substitution).
  BACKSTOP_JAVA_OPTS="${3:-}" ./backstop "$1" "$2" > /dev/null 2> /dev/null \
    || { echo "oneshot: ./backstop $1 $2 failed" >&2; return 1; }
  awk -v ns="$(($(date +%s%N) - started))" 'BEGIN { printf "%.2f", ns / 1e9 }'
}
median() { tr ' ' '\n' | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
while [ $# -ge 2 ]; do
  c1="" both=""
  for r in $(seq 1 "$rounds"); do
    t=$(wall "$1" "$2") || exit 1
    c1="$c1 $t"
    t=$(wall "$1" "$2" -XX:TieredStopAtLevel=4) || exit 1
    both="$both $t"
  done
  printf '%-11s %-30s first tier:%s (median %s s) | both tiers:%s (median %s s)\n' "$1" "$2" \
    "$c1" "$(echo $c1 | median)" "$both" "$(echo $both | median)"
  shift 2
done

#!/usr/bin/env bash
# The cost of the transport: one caller, the same quote over gRPC and in-process, each side in a
# fresh JVM every round. One JVM instance of each proves little on this machine: the JIT's code
# for the same engine differs from one instance to the next by up to 10% (docs/performance.md,
# "Over gRPC (0.3.4)"), as much as the 5% the comparison is about. Round r starts a server, warms
# it with WARMUP calls, measures CALLS calls over gRPC (`backstop load --target`) and stops it;
# then measures the same calls in-process in a new JVM (`backstop load`), warmed the same way.
# Each round prints both p50s; the end prints the median of each side's p50s and their ratio.
#
# usage: tools/bench/grpc-ab.sh [ROUNDS=4] [CALLS=20] [WARMUP=20] [FILE=examples/crypto-lending.json] [PORT=9171]
# Run from the repository root; the launcher builds the project first if it needs to.
set -euo pipefail
rounds=${1:-4} calls=${2:-20} warmup=${3:-20} file=${4:-examples/crypto-lending.json} port=${5:-9171}
log=$(mktemp)
server=
stop() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=
  fi
}
trap 'stop; rm -f "$log"' EXIT
p50() {
  sed -n 's/.*latency *p50 \([0-9.]*\) ms.*/\1/p'
}
median() {
  sort -n | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
./backstop info >/dev/null # builds the project first if the launcher needs to (not inside the rounds)
results=$(mktemp)
for r in $(seq 1 "$rounds"); do
  ./backstop serve --port "$port" --management-port $((port + 1)) >"$log" 2>&1 &
  server=$!
  for _ in $(seq 1 120); do
    if ./backstop info --target "localhost:$port" >/dev/null 2>&1; then break; fi
    sleep 1
  done
  grpc=$(./backstop load "$file" --concurrency 1 --requests "$calls" --warmup "$warmup" \
    --target "localhost:$port" | p50)
  stop
  inproc=$(./backstop load "$file" --concurrency 1 --requests "$calls" --warmup "$warmup" | p50)
  echo "round $r: gRPC p50 $grpc ms, in-process p50 $inproc ms"
  echo "$grpc $inproc" >>"$results"
done
mg=$(cut -d' ' -f1 "$results" | median)
ml=$(cut -d' ' -f2 "$results" | median)
rm -f "$results"
awk -v g="$mg" -v l="$ml" 'BEGIN {
  printf "median of the rounds: gRPC %.1f ms, in-process %.1f ms; gRPC / in-process %.3f\n", g, l, g / l
}'

#!/usr/bin/env bash
# Compares the engine of two builds on this machine by alternating them: each round runs
# ProfileMain for SECONDS with build A, then with build B, and the best `simulate` time of each
# run is printed; the best of each build and the mean ratio B/A of the rounds close the output.
# A shared machine drifts by more than the difference between two versions within minutes, so
# single runs of each cannot be compared; alternated rounds see the same drift.
#
# usage: tools/bench/alternate.sh CLASSES_A CLASSES_B [ROUNDS=5] [SECONDS=15] [THREADS=1] [EXAMPLE]
#   CLASSES_A/B: pricing-core/target/classes of each build (copy them aside after each build;
#   e.g. a `git worktree add /tmp/old <commit>` built with `mvn -q -pl pricing-core compile`).
# Run from the repository root after `mvn -q -pl pricing-core test-compile` and
# `mvn -q -pl pricing-core dependency:build-classpath -Dmdep.outputFile=target/jmh.cp
# -Dmdep.includeScope=test` (the benchmarks and their classpath come from this checkout).
set -euo pipefail
a=$1 b=$2 rounds=${3:-5} seconds=${4:-15} threads=${5:-1} example=${6:-crypto-lending}
deps=pricing-core/target/test-classes:$(cat pricing-core/target/jmh.cp)
best() {
  java -cp "$1:$deps" io.backstop.core.bench.ProfileMain "$example" "$seconds" "$threads" 2>&1 \
    | sed -n 's/.*(simulate \([0-9.]*\),.*/\1/p' | sort -n | head -1
}
for r in $(seq 1 "$rounds"); do
  echo "round $r: A $(best "$a") ms  B $(best "$b") ms"
done | tee /dev/stderr | awk '{
    ra = $4; rb = $7; n++; ratio += rb / ra
    if (n == 1 || ra < ba) ba = ra
    if (n == 1 || rb < bb) bb = rb
  } END { printf "best simulate: A %.1f ms, B %.1f ms; mean ratio B/A over %d rounds %.3f\n", ba, bb, n, ratio / n }'

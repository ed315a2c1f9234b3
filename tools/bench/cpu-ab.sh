#!/usr/bin/env bash
# Compares the engine of two builds on one thread by thread CPU time, alternating them:
# each round runs EngineCpuMain (best of 25 runs of 1,000 scenarios) with build A, then with
# build B; the best of each build and the mean ratio B/A close the output. On this shared
# 2-vCPU machine an A/A comparison differs by up to 4% in the best figure and 10% in the mean
# ratio: only a larger difference means something.
#
# usage: tools/bench/cpu-ab.sh CLASSES_A CLASSES_B [ROUNDS=6] [EXAMPLE=crypto-lending]
#   CLASSES_A/B: pricing-core/target/classes of each build, copied aside after each build.
# Run from the repository root after `mvn -q -pl pricing-core test-compile` and
# `mvn -q -pl pricing-core dependency:build-classpath -Dmdep.outputFile=target/jmh.cp
# -Dmdep.includeScope=test`.
set -euo pipefail
a=$1 b=$2 rounds=${3:-6} example=${4:-crypto-lending}
deps=pricing-core/target/test-classes:$(cat pricing-core/target/jmh.cp)
ns() {
  java -cp "$1:$deps" io.backstop.core.sim.EngineCpuMain "$example" 1000 25 | cut -d' ' -f1
}
for r in $(seq 1 "$rounds"); do
  echo "round $r: A $(ns "$a") B $(ns "$b") ns per scenario-step"
done | tee /dev/stderr | awk '{
    ra = $4; rb = $6; n++; ratio += rb / ra
    if (n == 1 || ra < ba) ba = ra
    if (n == 1 || rb < bb) bb = rb
  } END { printf "best: A %.1f ns, B %.1f ns per scenario-step; mean ratio B/A over %d rounds %.3f\n", ba, bb, n, ratio / n }'

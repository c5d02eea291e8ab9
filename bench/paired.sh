#!/usr/bin/env bash
# Spawn + await, paired (bench/src/main/java/io/zsync/bench/SpawnAwaitPaired.java; not JMH): zsync on virtual
# threads, the virtual-thread-per-task executor and bare virtual threads take turns in one JVM, batch by batch, and
# zsync's speed over each peer is taken round by round. For comparing two versions of zsync whose difference is
# below JMH's run-to-run noise; quote JMH's figures (bench/run SpawnAwait). Each JVM (a "fork") takes about 15 s.
# Runs on a JDK 21 or newer (found as ./mvnw finds it: tools/jdk.sh) with -Xms1g -Xmx1g, as the JMH benchmark.
#
#   bench/paired.sh                  3 forks of 300 rounds
#   bench/paired.sh -f 5 -r 500
#   bench/paired.sh --no-build
#
# Also written to bench/results/paired-<date>-<time>.txt.
set -euo pipefail

build=1
forks=3
rounds=300
while [ $# -gt 0 ]; do
    case $1 in
        --no-build) build=0; shift ;;
        -f) forks=$2; shift 2 ;;
        -r) rounds=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "paired.sh: unknown argument '$1' (try -f N, -r N, --no-build, --help)" >&2; exit 2 ;;
    esac
done

# shellcheck source=lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
bench_prepare paired.sh "$build"
out="bench/results/paired-$(date +%Y%m%d-%H%M%S).txt"
for ((f = 1; f <= forks; f++)); do
    echo "# fork $f of $forks"
    "$ZSYNC_JDK/bin/java" -Xms1g -Xmx1g -cp bench/target/benchmarks.jar io.zsync.bench.SpawnAwaitPaired "$rounds"
done | tee "$out"

#!/usr/bin/env bash
# JMH with the contenders' forks interleaved: ROUNDS rounds, each running one fork of every contender, in an order
# that rotates every round; then the mean of every measured iteration per contender and the first contender's ratio
# to each other one, overall and round by round. On a small shared machine a contender's score drifts by ±10 % over
# minutes, and a plain JMH run measures its contenders one after another, so the drift lands in their ratios; here
# it spreads over all of them. Same JMH and JVM as bench/run (JDK 21 or newer found by tools/jdk.sh); per fork
# -wi 3 -i 5 -w 1s -r 1s unless JMH_OPTS says otherwise. About 10 s per fork.
#
#   bench/interleaved.sh SpawnAwaitBenchmark zsyncVirtualThreads virtualThreadPerTaskExecutor bareVirtualThreads
#   bench/interleaved.sh -n 10 --no-build SpawnAwaitBenchmark zsyncVirtualThreads virtualThreadPerTaskExecutor
#   JMH_OPTS='-wi 5 -i 10' bench/interleaved.sh SpawnAwaitBenchmark zsyncWorkStealing virtualThreadPerTaskExecutor
#
# JMH's CSV and text for each fork, and the summary, go to bench/results/interleaved-<date>-<time>/.
set -euo pipefail

rounds=6
build=1
while [ $# -gt 0 ]; do
    case $1 in
        -n) rounds=${2:?"-n needs a number of rounds"}; shift 2 ;;
        --no-build) build=0; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "interleaved.sh: unknown option '$1' (try -n ROUNDS, --no-build, --help)" >&2; exit 2 ;;
        *) break ;;
    esac
done
case $rounds in ''|*[!0-9]*|0) echo "interleaved.sh: rounds must be a positive number, not '$rounds'" >&2; exit 2 ;; esac
if [ $# -lt 3 ]; then
    echo "interleaved.sh: give a benchmark class and at least two of its methods (try --help)" >&2
    exit 2
fi
class=$1
shift
contenders=("$@")

# shellcheck source=lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
bench_prepare interleaved.sh "$build"
java=("$ZSYNC_JDK/bin/java")
if [ "$(major_of "$ZSYNC_JDK")" -ge 24 ]; then
    java+=(--sun-misc-unsafe-memory-access=allow)   # as bench/run: JMH 1.37 uses sun.misc.Unsafe
fi
out="bench/results/interleaved-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
n=${#contenders[@]}
for ((r = 0; r < rounds; r++)); do
    for ((k = 0; k < n; k++)); do
        c=${contenders[$(((r + k) % n))]}
        echo "round $((r + 1)) of $rounds: $c"
        # shellcheck disable=SC2086 # JMH_OPTS is a list of options
        "${java[@]}" -jar bench/target/benchmarks.jar "$class.$c\$" -f 1 -wi 3 -i 5 -w 1s -r 1s ${JMH_OPTS:-} \
            -rf csv -rff "$out/$r-$c.csv" > "$out/$r-$c.txt"
    done
done
"$ZSYNC_JDK/bin/java" -cp bench/target/benchmarks.jar io.zsync.bench.InterleavedSummary "$out" "$rounds" \
    "${contenders[@]}" \
    | tee "$out/summary.txt"

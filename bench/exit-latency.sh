#!/usr/bin/env bash
# Process exit latency: how long a program takes from start to process end when its main leaves tasks running,
# zsync against the JDK alone. Starts three tiny programs (bench/src/main/java/io/zsync/bench/exit/) in turn, each
# RUNS times, on a JDK 21 or newer (found as ./mvnw finds it: tools/jdk.sh):
#
#   ZsyncExit   main inside Zsync.run, two tasks left running (a 10-minute sleep, a spin until interrupted);
#               prints run-returned-at <epochNanos> right after Zsync.run returns (and main-entered-at)
#   JdkExit     the same with Executors.newVirtualThreadPerTaskExecutor(), never closed (the reference)
#   EmptyExit   an empty main: JVM start-up and exit alone (the floor)
#
# and prints, per program, the median wall time of the process (ms), zsync minus the JDK, and for ZsyncExit the
# median time from run-returned-at to process end as this script sees it, and where the rest went (start to main,
# main to run-returned-at). The class path is this module's plain jar, the runtime's jar and its one dependency
# (bench/target/exit-latency.classpath), not the shaded benchmarks.jar.
# Each launch is killed after TIMEOUT seconds and counted as timed out; the script still reports and exits 0.
#
#   bench/exit-latency.sh                 # build, 1 warm-up round, then 10 timed rounds
#   bench/exit-latency.sh -n 30 --no-build
#   RUNS=30 TIMEOUT=20 JAVA_OPTS='-Xshare:off' bench/exit-latency.sh
#
# Also written to bench/results/exit-latency-<date>-<time>.txt.
set -euo pipefail

runs=${RUNS:-10}
timeout_s=${TIMEOUT:-20}
build=1
while [ $# -gt 0 ]; do
    case $1 in
        -n) runs=${2:?"-n needs a number of runs"}; shift 2 ;;
        --no-build) build=0; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "exit-latency.sh: unknown argument '$1' (try -n RUNS, --no-build, --help)" >&2; exit 2 ;;
    esac
done
case $runs in ''|*[!0-9]*|0) echo "exit-latency.sh: runs must be a positive number, not '$runs'" >&2; exit 2 ;; esac

root=$(CDPATH= cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../tools/jdk.sh
source "$root/tools/jdk.sh"
zsync_find_jdk
java="$ZSYNC_JDK/bin/java"
cd "$root"

if [ "$build" = 1 ]; then
    ./mvnw -q -pl bench -am -DskipTests package
fi
bench_jar=$(ls bench/target/zsync-bench-*.jar 2>/dev/null | head -n 1 || true)
if [ -z "$bench_jar" ] || [ ! -f bench/target/exit-latency.classpath ]; then
    echo "exit-latency.sh: bench is not built; run without --no-build (or ./mvnw -pl bench -am package)" >&2
    exit 1
fi
classpath="$bench_jar:$(cat bench/target/exit-latency.classpath)"

now_ns() {   # wall clock, nanoseconds since the epoch; bash 5's EPOCHREALTIME costs no fork
    if [ -n "${EPOCHREALTIME:-}" ]; then
        local t=${EPOCHREALTIME//[.,]/}
        echo $((10#$t * 1000))
    else
        date +%s%N
    fi
}

programs=(EmptyExit JdkExit ZsyncExit)
declare -A wall=() timeouts=() failures=()
return_to_exit=() start_to_main=() main_to_return=()
out=$(mktemp)
trap 'rm -f "$out"' EXIT

launch() {   # launch program $1; with $2 = record, add its times to the results
    local program=$1 record=$2 start end rc=0 entered returned
    start=$(now_ns)
    # shellcheck disable=SC2086   # JAVA_OPTS: words, as for java itself
    timeout --kill-after=5 "$timeout_s" "$java" ${JAVA_OPTS:-} -cp "$classpath" "io.zsync.bench.exit.$program" \
        >"$out" 2>&1 </dev/null || rc=$?
    end=$(now_ns)
    [ "$record" = record ] || return 0
    wall[$program]+="$(( (end - start) / 1000 )) "                                  # microseconds
    if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
        timeouts[$program]=$(( ${timeouts[$program]:-0} + 1 ))
    elif [ "$rc" != 0 ]; then
        failures[$program]=$(( ${failures[$program]:-0} + 1 ))
        echo "exit-latency.sh: $program exited with status $rc:" >&2
        sed 's/^/    /' "$out" >&2
    fi
    if [ "$program" = ZsyncExit ]; then
        entered=$(awk '$1 == "main-entered-at" { print $2; exit }' "$out")
        returned=$(awk '$1 == "run-returned-at" { print $2; exit }' "$out")
        if [ -n "$returned" ]; then
            return_to_exit+=("$(( (end - returned) / 1000 ))")
        fi
        if [ -n "$entered" ] && [ -n "$returned" ]; then
            start_to_main+=("$(( (entered - start) / 1000 ))")
            main_to_return+=("$(( (returned - entered) / 1000 ))")
        fi
    fi
}

median_ms() {   # median of the microsecond values on stdin, in ms with 1 decimal
    sort -n | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "n/a"; exit }
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.1f\n", m / 1000 }'
}

stat_ms() {   # $1 = min or max of the microsecond values on stdin, in ms
    sort -n | awk -v which="$1" '{ v[NR] = $1 } END {
        if (NR == 0) { print "n/a"; exit }
        printf "%.1f\n", (which == "min" ? v[1] : v[NR]) / 1000 }'
}

jdk_line=$("$java" -version 2>&1 | head -n 1)
echo "exit latency: $runs rounds of ${programs[*]} (1 warm-up round), $jdk_line, $(nproc) CPUs" >&2
for program in "${programs[@]}"; do
    launch "$program" warm-up
done
for ((round = 0; round < runs; round++)); do
    for ((k = 0; k < ${#programs[@]}; k++)); do   # rotate the order each round: no program always runs first
        launch "${programs[(round + k) % ${#programs[@]}]}" record
    done
    printf '.' >&2
done
echo >&2

mkdir -p bench/results
report="bench/results/exit-latency-$(date +%Y%m%d-%H%M%S).txt"
{
    echo "exit latency, $(date -u +%Y-%m-%dT%H:%MZ), $jdk_line ($ZSYNC_JDK), $(nproc) CPUs, $(uname -srm)"
    java_opts=${JAVA_OPTS:+" (JAVA_OPTS=$JAVA_OPTS)"}
    echo "$runs runs each, alternating; wall time of each process as this script sees it$java_opts"
    echo
    printf '%-10s %10s %10s %10s %9s\n' program "median ms" "min ms" "max ms" "timed out"
    for program in "${programs[@]}"; do
        values=$(tr ' ' '\n' <<<"${wall[$program]}" | grep .)
        printf '%-10s %10s %10s %10s %9s\n' "$program" "$(median_ms <<<"$values")" "$(stat_ms min <<<"$values")" \
            "$(stat_ms max <<<"$values")" "${timeouts[$program]:-0}/$runs"
    done
    echo
    zsync=$(tr ' ' '\n' <<<"${wall[ZsyncExit]}" | grep . | median_ms)
    jdk=$(tr ' ' '\n' <<<"${wall[JdkExit]}" | grep . | median_ms)
    empty=$(tr ' ' '\n' <<<"${wall[EmptyExit]}" | grep . | median_ms)
    awk -v z="$zsync" -v j="$jdk" -v e="$empty" 'BEGIN {
        printf "zsync - JDK:   %+.1f ms (ZsyncExit / JdkExit = %.3f)\n", z - j, z / j
        printf "above floor:   ZsyncExit %+.1f ms, JdkExit %+.1f ms (over EmptyExit)\n", z - e, j - e }'
    if [ ${#return_to_exit[@]} -gt 0 ]; then
        echo "ZsyncExit, run-returned-at to process end: median $(printf '%s\n' "${return_to_exit[@]}" \
            | median_ms) ms, max $(printf '%s\n' "${return_to_exit[@]}" | stat_ms max) ms" \
            "(${#return_to_exit[@]} of $runs runs printed it)"
        if [ ${#start_to_main[@]} -gt 0 ]; then
            echo "ZsyncExit, where the time goes (medians): start to main $(printf '%s\n' "${start_to_main[@]}" \
                | median_ms) ms, main to run-returned-at (Zsync.run: class loading, spawning, closing)" \
                "$(printf '%s\n' "${main_to_return[@]}" | median_ms) ms, then exit as above"
        fi
    else
        echo "ZsyncExit never printed run-returned-at: every launch timed out or failed"
    fi
    total_failures=0
    for program in "${programs[@]}"; do
        total_failures=$(( total_failures + ${timeouts[$program]:-0} + ${failures[$program]:-0} ))
    done
    if [ "$total_failures" -gt 0 ]; then
        echo "WARNING: $total_failures launches timed out (after ${timeout_s} s) or failed; their times are included"
    fi
} | tee "$report"
echo "(saved in $report)" >&2

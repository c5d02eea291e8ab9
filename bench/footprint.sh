#!/usr/bin/env bash
# Memory footprint of channels (bench/src/main/java/io/zsync/bench/ChannelFootprint.java; not JMH): bytes per idle
# Zsync.bounded(256) beyond its slot array, and bytes per element buffered in a Zsync.unbounded() channel, with the
# JDK's queues beside them for scale. Runs on a JDK 21 or newer (found as ./mvnw finds it: tools/jdk.sh) with
# -Xms1g -Xmx1g -XX:MarkSweepDeadRatio=0 (full collections then leave no dead objects counted as used); JAVA_OPTS
# is added after those. Takes a few seconds.
#
#   bench/footprint.sh
#   bench/footprint.sh --no-build
#   JAVA_OPTS='-XX:+UseSerialGC' bench/footprint.sh
#
# Also written to bench/results/footprint-<date>-<time>.txt.
set -euo pipefail

build=1
while [ $# -gt 0 ]; do
    case $1 in
        --no-build) build=0; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "footprint.sh: unknown argument '$1' (try --no-build, --help)" >&2; exit 2 ;;
    esac
done

# shellcheck source=lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
bench_prepare footprint.sh "$build"
out="bench/results/footprint-$(date +%Y%m%d-%H%M%S).txt"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
"$ZSYNC_JDK/bin/java" -Xms1g -Xmx1g -XX:MarkSweepDeadRatio=0 ${JAVA_OPTS:-} \
    -cp bench/target/benchmarks.jar io.zsync.bench.ChannelFootprint | tee "$out"

# Sourced by the bench scripts that run a main class from benchmarks.jar (ab.sh, footprint.sh, interleaved.sh,
# paired.sh).
# shellcheck shell=bash

# bench_prepare SCRIPT BUILD: finds a JDK 21 or newer (tools/jdk.sh; sets ZSYNC_JDK), changes to the repository root,
# builds the bench module unless BUILD is 0, and fails with a hint if benchmarks.jar is missing.
bench_prepare() {
    local script=$1 build=$2 root
    root=$(CDPATH= cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
    # shellcheck source=../tools/jdk.sh
    source "$root/tools/jdk.sh"
    zsync_find_jdk
    cd "$root"
    if [ "$build" = 1 ]; then
        ./mvnw -q -pl bench -am -DskipTests package
    fi
    if [ ! -f bench/target/benchmarks.jar ]; then
        echo "$script: bench is not built; run without --no-build (or ./mvnw -pl bench -am package)" >&2
        exit 1
    fi
    mkdir -p bench/results
}

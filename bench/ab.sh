#!/usr/bin/env bash
# Two builds of zsync in one JVM (bench/src/main/java/io/zsync/bench/SpawnAwaitAB.java; not JMH): spawn + await with
# build A, build B and the virtual-thread-per-task executor taking turns batch by batch, each build in a class loader
# of its own. For deciding whether a change pays: the builds share the JVM, its compiled JDK code and the machine's
# drift, where separate runs drift by ±10 %. Resolution: A/A runs (one jar twice) read per-fork medians of 0.97 to
# 1.00 on the 2-core VM, so trust a B / A that stays clear of that band over several forks. Quote JMH's figures
# (bench/interleaved.sh) for the floors. Each JVM (a "fork") takes about 25 s.
#
# A and B: a runtime jar, or a git revision (built in a temporary worktree). B defaults to the working tree's build.
#
#   bench/ab.sh HEAD                 the last commit (A) against the working tree (B), 3 forks of 2000 rounds
#   bench/ab.sh main~3 main
#   bench/ab.sh -f 5 -r 3000 old.jar runtime/target/zsync-runtime-0.1.0-SNAPSHOT.jar
#   bench/ab.sh -w spsc HEAD         a channel workload instead of spawn + await: spsc (100 000 elements through a
#   bench/ab.sh -w pingpong HEAD     bounded(256) channel) or pingpong (10 000 round trips through two bounded(1)),
#   bench/ab.sh -w unbounded HEAD    unbounded (spsc through an unbounded() channel), create (20 000 bounded(16)
#   bench/ab.sh -w create HEAD       channels made in a runtime's task, one element through each)
#
# Also written to bench/results/ab-<date>-<time>.txt.
set -euo pipefail

build=1
forks=3
rounds=2000
workload=spawn
while [ $# -gt 0 ]; do
    case $1 in
        --no-build) build=0; shift ;;
        -f) forks=${2:?"-f needs a number of forks"}; shift 2 ;;
        -r) rounds=${2:?"-r needs a number of rounds"}; shift 2 ;;
        -w) workload=${2:?"-w needs a workload: spawn, spsc, pingpong, unbounded or create"}; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "ab.sh: unknown option '$1' (try -f N, -r N, --no-build, --help)" >&2; exit 2 ;;
        *) break ;;
    esac
done
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "ab.sh: give build A, and optionally build B (each a runtime jar or a git revision; try --help)" >&2
    exit 2
fi

# shellcheck source=lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
bench_prepare ab.sh "$build"
tmp=$(mktemp -d)
worktrees=()
cleanup() {
    for w in "${worktrees[@]}"; do
        git worktree remove --force "$w" >/dev/null 2>&1 || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT

# resolve SPEC NAME: copies the runtime jar SPEC stands for to $tmp/NAME.jar (a jar, or a revision built here).
resolve() {
    local spec=$1 name=$2 sha dir jar
    if [ -f "$spec" ]; then
        cp "$spec" "$tmp/$name.jar"
    elif sha=$(git rev-parse --verify --quiet "$spec^{commit}"); then
        dir="$tmp/worktree-$name"
        git worktree add --detach --quiet "$dir" "$sha"
        worktrees+=("$dir")
        echo "ab.sh: building $spec (${sha:0:10}) for $name" >&2
        (cd "$dir" && ./mvnw -q -pl runtime -am -DskipTests package)
        jar=$(ls "$dir"/runtime/target/zsync-runtime-*.jar | grep -v -- '-tests.jar' | head -n 1)
        cp "$jar" "$tmp/$name.jar"
    else
        echo "ab.sh: '$spec' is neither a jar nor a git revision" >&2
        exit 2
    fi
}
resolve "$1" a
if [ $# -eq 2 ]; then
    resolve "$2" b
else
    resolve "$(ls runtime/target/zsync-runtime-*.jar | grep -v -- '-tests.jar' | head -n 1)" b
fi
bench_jar=$(ls bench/target/zsync-bench-*.jar | head -n 1)
streams_jar=$(tr ':' '\n' < bench/target/exit-latency.classpath | grep reactive-streams | head -n 1)

out="bench/results/ab-$(date +%Y%m%d-%H%M%S).txt"
{
    echo "# A: $1; B: ${2:-the working tree}; workload: $workload"
    for ((f = 1; f <= forks; f++)); do
        echo "# fork $f of $forks"
        "$ZSYNC_JDK/bin/java" -Xms1g -Xmx1g -Dzsync.ab.workload="$workload" -cp bench/target/benchmarks.jar \
            io.zsync.bench.SpawnAwaitAB \
            "$tmp/a.jar" "$tmp/b.jar" "$rounds" "$streams_jar" "$bench_jar"
    done
} | tee "$out"

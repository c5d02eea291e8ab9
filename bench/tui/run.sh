#!/usr/bin/env bash
# bench/tui: zsync-tui's loop beside a hand-written JLine loop (PlainLoop: a thread blocked in read(), a render thread
# coalescing to 60 fps with JLine's Display), the same screen, in the same tmux harness (measure.py), launched
# alternately. Per run: JVM start to first frame; key to screen for 30 keys 50 ms apart, idle and under a flood of
# 100,000 updates a second; frames and updates per second, CPU and RSS under the flood; the heap after GC, idle and
# after the flood.
#
#   bench/tui/run.sh                 3 rounds, a 10 s flood window each (about 2 minutes)
#   bench/tui/run.sh --soak          1 round, a 60 s flood window; fails unless zsync's heap after the flood is within
#                                    16 MiB of its idle heap (issue 19's bound)
# Options: --rounds N, --flood S, --no-build. Results: bench/tui/results/<date>-<time>/ (git-ignored).
set -euo pipefail

here=$(CDPATH= cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(CDPATH= cd -- "$here/../.." && pwd)
rounds=3 flood=10 build=1 soak=0
while [ $# -gt 0 ]; do
    case $1 in
        --rounds) rounds=$2; shift ;;
        --flood) flood=$2; shift ;;
        --soak) soak=1 rounds=1 flood=60 ;;
        --no-build) build=0 ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

# shellcheck source=../../tools/jdk.sh
source "$root/tools/jdk.sh"
zsync_find_jdk
java="$ZSYNC_JDK/bin/java"
command -v tmux >/dev/null || { apt-get update -qq >&2 || true; DEBIAN_FRONTEND=noninteractive apt-get install -y -q tmux >&2; }

out="$here/results/$(date +%Y%m%d-%H%M%S)"
classes="$here/target/classes"
mkdir -p "$out" "$classes"
if [ "$build" = 1 ]; then   # this checkout's runtime and tui, built in one reactor (nothing installed)
    (cd "$root" && ./mvnw -o -q package -DskipTests -pl runtime,tui)
fi
(cd "$root" && ./mvnw -o -q dependency:build-classpath -pl tui -Dmdep.outputFile="$out/cp.txt" >/dev/null)
cp="$root/runtime/target/classes:$root/tui/target/classes:$(cat "$out/cp.txt")"
"$ZSYNC_JDK/bin/javac" -q -d "$classes" -cp "$cp" "$here/PlainLoop.java" "$here/ZsyncLoop.java" 2>/dev/null \
    || "$ZSYNC_JDK/bin/javac" -d "$classes" -cp "$cp" "$here/PlainLoop.java" "$here/ZsyncLoop.java"
jvm="$java --enable-native-access=ALL-UNNAMED -Xmx256m -cp $classes:$cp"

{
    echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "jdk: $("$java" -version 2>&1 | head -1)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
    echo "tmux: $(tmux -V)"
} | tee "$out/machine.txt" >&2

for r in $(seq 1 "$rounds"); do
    for name in plain zsync; do   # alternately, so that drift on the machine falls on both
        main=$([ "$name" = plain ] && echo PlainLoop || echo ZsyncLoop)
        echo "run.sh: round $r: $name" >&2
        python3 "$here/measure.py" "$name" "$flood" "$jvm $main" | tee -a "$out/runs.jsonl" >&2
    done
done

python3 - "$out/runs.jsonl" "$soak" <<'PY' | tee "$out/summary.md"
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
soak = sys.argv[2] == "1"
def med(name, f):
    v = [f(r) for r in runs if r["name"] == name and f(r) is not None]
    return statistics.median(v) if v else float("nan")
rows = [
    ("JVM start to first frame, ms", lambda r: r["first_frame_ms"], "%.0f"),
    ("idle key to screen, median ms", lambda r: r["idle_key_ms"]["median"], "%.2f"),
    ("idle key to screen, p90 ms", lambda r: r["idle_key_ms"]["p90"], "%.2f"),
    ("idle CPU, % of a core", lambda r: r["idle_cpu_pct"], "%.1f"),
    ("flood: key to screen, median ms", lambda r: r["flood_key_ms"]["median"], "%.2f"),
    ("flood: key to screen, p90 ms", lambda r: r["flood_key_ms"]["p90"], "%.2f"),
    ("flood: updates per second", lambda r: r["updates_per_s"], "%.0f"),
    ("flood: frames per second", lambda r: r["frames_per_s"], "%.1f"),
    ("flood: CPU, % of a core", lambda r: r["flood_cpu_pct"], "%.1f"),
    ("flood: RSS, MiB", lambda r: r["rss_mib"], "%.0f"),
    ("heap after GC, idle, MiB", lambda r: r["idle_heap_mib"], "%.1f"),
    ("heap after GC, after the flood, MiB", lambda r: r["flood_heap_mib"], "%.1f"),
]
n = len([r for r in runs if r["name"] == "zsync"])
print("| median of %d runs each | plain JLine loop | zsync-tui |" % n)
print("| --- | ---: | ---: |")
for label, f, fmt in rows:
    print("| %s | %s | %s |" % (label, fmt % med("plain", f), fmt % med("zsync", f)))
if soak:
    z = [r for r in runs if r["name"] == "zsync"][0]
    grew = z["flood_heap_mib"] - z["idle_heap_mib"]
    print("\nzsync heap after %.0f s of flood: %+.1f MiB over idle (bound: 16 MiB)" % (z["flood_seconds"], grew))
    if grew > 16:
        sys.exit(1)
PY

#!/usr/bin/env bash
# The HTTP server benchmark: zsync-http beside five peers, all serving one contract (bench/README.md, "HTTP server").
#
#   bench/http/run.sh            full run: 3 rounds, servers round-robin; per server and round the cells
#                                plaintext / pipeline x16 / 4 KiB POST echo at -c64 and -c256, each a 5 s warm-up
#                                then a 10 s measurement (about 30 minutes on this 2-core VM)
#   bench/http/run.sh --smoke    each server started, /plaintext and /echo checked with curl, a 2 s wrk burst
#                                (plaintext) and 1 s each of pipeline and echo, then stopped (about a minute)
#
# Options: --rounds N (3), --duration S (10), --warmup S (5), --connections "64 256", --modes "plaintext pipeline echo",
# --servers "zsync vt-loop jdk netty helidon hyper", --port P (18080), --no-build, --no-install, -h.
# The server runs on core 0 (taskset -c 0), wrk with one thread on core 1 (taskset -c 1); JVMs with -Xms1g -Xmx1g.
# Results: bench/http/results/<date>-<time>/ (git-ignored): cells.tsv (one line per measured cell), each cell's wrk
# output, each server's log, summary.md (the table that is printed).
set -euo pipefail

here=$(CDPATH= cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(CDPATH= cd -- "$here/../.." && pwd)

smoke=0 rounds=3 duration=10 warmup=5 connections="64 256" modes="plaintext pipeline echo"
servers="zsync vt-loop jdk netty helidon hyper" port=18080 build=1 install=1 depth=16
while [ $# -gt 0 ]; do
    case $1 in
        --smoke) smoke=1 ;;
        --rounds) rounds=$2; shift ;;
        --duration) duration=$2; shift ;;
        --warmup) warmup=$2; shift ;;
        --connections) connections=$2; shift ;;
        --modes) modes=$2; shift ;;
        --servers) servers=$2; shift ;;
        --port) port=$2; shift ;;
        --no-build) build=0 ;;
        --no-install) install=0 ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

log() { printf '%s\n' "run.sh: $*" >&2; }

# ---- tools: wrk, nghttp2-client (h2load), slowhttptest, curl; Debian's crate sources for hyper ----

apt_updated=0
apt_install() {   # installs Debian packages by name, running apt-get update once first
    if [ "$install" = 0 ]; then
        log "missing: $* (--no-install given)"; return 1
    fi
    if [ "$apt_updated" = 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || true
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2
}

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v h2load >/dev/null || need+=(nghttp2-client)
command -v slowhttptest >/dev/null || need+=(slowhttptest)
command -v curl >/dev/null || need+=(curl)
command -v taskset >/dev/null || need+=(util-linux)
command -v python3 >/dev/null || need+=(python3)
case " $servers " in
    *" hyper "*)
        ls -d /usr/share/cargo/registry/hyper-0.14* >/dev/null 2>&1 || need+=(librust-hyper-dev)
        ls -d /usr/share/cargo/registry/tokio-1.* >/dev/null 2>&1 || need+=(librust-tokio-dev)
        command -v cargo >/dev/null || [ -x "$HOME/.cargo/bin/cargo" ] || need+=(cargo)
        ;;
esac
if [ ${#need[@]} -gt 0 ]; then
    log "installing ${need[*]}"
    apt_install "${need[@]}"
fi

# ---- build ----

# shellcheck source=../../tools/jdk.sh
source "$root/tools/jdk.sh"
zsync_find_jdk
java="$ZSYNC_JDK/bin/java"
jdk_major=$(major_of "$ZSYNC_JDK")
cd "$root"

hyper_bin=$here/hyper/target/release/bench-hyper
hyper_why=""
if [ "$build" = 1 ]; then
    log "building the Java servers (./mvnw -f bench/http/pom.xml -DskipTests package)"
    nice -n 19 ./mvnw -B -q -Dstyle.color=never -f bench/http/pom.xml -DskipTests package >&2
    case " $servers " in
        *" hyper "*)
            cargo=$(command -v cargo || echo "$HOME/.cargo/bin/cargo")
            log "building tokio + hyper offline from /usr/share/cargo/registry ($cargo build --release)"
            if ! (cd "$here/hyper" && nice -n 19 "$cargo" build --release -q >&2); then
                hyper_why="cargo build failed offline (see above)"
            fi
            ;;
    esac
fi
if [ -z "$hyper_why" ] && [ ! -x "$hyper_bin" ]; then
    hyper_why="not built ($hyper_bin missing)"
fi
classpath="$here/servers/target/classes:$here/servers/target/lib/*"
[ -d "$here/servers/target/lib" ] || { log "the Java servers are not built; run without --no-build"; exit 1; }

stamp=$(date +%Y%m%d-%H%M%S)
out="$here/results/$stamp"
[ "$smoke" = 0 ] || out="$out-smoke"
mkdir -p "$out"

# ---- servers ----

jvm=(-Xms1g -Xmx1g)
server_command() {   # the command line of server $1 on port $2
    local name=$1 p=$2
    case $name in
        zsync) echo "$java ${jvm[*]} -cp $classpath io.zsync.bench.http.ZsyncServer $p" ;;
        vt-loop) echo "$java ${jvm[*]} -cp $classpath io.zsync.bench.http.VtLoopServer $p" ;;
        jdk) echo "$java ${jvm[*]} -cp $classpath io.zsync.bench.http.JdkServer $p" ;;
        netty)
            # JDK 24+: let Netty load its JNI library and use sun.misc.Unsafe quietly, as its users do.
            local extra=""
            [ "$jdk_major" -ge 24 ] && extra="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
            echo "$java ${jvm[*]} $extra -cp $classpath io.zsync.bench.http.NettyServer $p" ;;
        helidon) echo "$java ${jvm[*]} -cp $classpath io.zsync.bench.http.HelidonServer $p" ;;
        hyper) echo "$hyper_bin $p" ;;
        *) log "unknown server $name"; return 1 ;;
    esac
}

server_pid=""
stop_server() {
    [ -n "$server_pid" ] || return 0
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -9 "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
}
trap stop_server EXIT
trap 'exit 130' INT TERM

start_server() {   # starts server $1 on core 0, waits until /plaintext answers; fails after 60 s
    local name=$1 logfile=$2 cmd
    cmd=$(server_command "$name" "$port")
    if curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; then
        log "port $port is taken by another program; pick another with --port"; return 1
    fi
    # shellcheck disable=SC2086   # the command line splits on spaces by design
    taskset -c 0 $cmd >"$logfile" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 600); do
        if curl -s -o /dev/null "http://127.0.0.1:$port/plaintext" 2>/dev/null; then
            return 0
        fi
        if ! kill -0 "$server_pid" 2>/dev/null; then
            log "$name exited at start:"; cat "$logfile" >&2; server_pid=""; return 1
        fi
        sleep 0.1
    done
    log "$name did not answer within 60 s"; stop_server; return 1
}

cpu_ticks() {   # utime + stime of process $1, in clock ticks (fields 14 and 15 of /proc/<pid>/stat)
    sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}
clk_tck=$(getconf CLK_TCK)

wrk_cell() {   # wrk_cell MODE CONNECTIONS SECONDS OUTFILE: one wrk run on core 1; prints its RESULT line
    local mode=$1 c=$2 s=$3 file=$4 path=/plaintext
    [ "$mode" = echo ] && path=/echo
    taskset -c 1 wrk -t1 -c"$c" -d"${s}s" --timeout 5s --latency -s "$here/wrk.lua" \
        "http://127.0.0.1:$port$path" -- "$mode" "$depth" >"$file" 2>&1 || true
    grep '^RESULT ' "$file" | tail -n 1 || true
}

# ---- environment line ----

java_version=$("$java" -version 2>&1 | head -n 1)
cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
{
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "jdk=$java_version"
    echo "nproc=$(nproc)"
    echo "cpu=$cpu_model"
    echo "wrk=$(wrk -v 2>&1 | head -n 1 | awk '{ print $1, $2 }')"
    echo "rounds=$rounds duration=$duration warmup=$warmup connections=$connections modes=$modes depth=$depth"
    echo "servers=$servers"
    if [ -n "$hyper_why" ]; then echo "hyper=skipped: $hyper_why"; fi
} >"$out/environment.txt"
log "results in ${out#"$root"/}"

active=()
for name in $servers; do
    if [ "$name" = hyper ] && [ -n "$hyper_why" ]; then
        log "hyper skipped: $hyper_why"
        continue
    fi
    active+=("$name")
done

# ---- smoke ----

if [ "$smoke" = 1 ]; then
    fails=0
    body4k=$(head -c 4096 /dev/zero | tr '\0' 'x')
    for name in "${active[@]}"; do
        problems=()
        if ! start_server "$name" "$out/$name.log"; then
            echo "$name: FAILED to start"; fails=$((fails + 1)); continue
        fi
        headers=$(curl -s -D - -o "$out/$name.plaintext" "http://127.0.0.1:$port/plaintext" | tr -d '\r')
        status=$(head -n 1 <<<"$headers")
        [[ $status == "HTTP/1.1 200"* ]] || problems+=("status: $status")
        body=$(cat "$out/$name.plaintext")
        [ "$body" = "Hello, World!" ] || problems+=("body: ${body:0:80}")
        grep -qi '^content-type: text/plain' <<<"$headers" || problems+=("no Content-Type: text/plain")
        server_header=$(grep -i '^server:' <<<"$headers" | head -n 1)
        date_header=$(grep -i '^date:' <<<"$headers" | head -n 1)
        [ -n "$server_header" ] || problems+=("no Server header")
        [ -n "$date_header" ] || problems+=("no Date header")
        echoed=$(curl -s -X POST -H 'Content-Type: application/octet-stream' --data-binary "$body4k" \
            "http://127.0.0.1:$port/echo")
        [ "$echoed" = "$body4k" ] || problems+=("echo: got ${#echoed} bytes back of 4096")
        first_line=$(grep -m 1 "listening" "$out/$name.log" || head -n 1 "$out/$name.log")
        plain=$(wrk_cell plaintext 64 2 "$out/$name.smoke-plaintext.txt")
        pipe=$(wrk_cell pipeline 64 1 "$out/$name.smoke-pipeline.txt")
        echo4k=$(wrk_cell echo 64 1 "$out/$name.smoke-echo.txt")
        stop_server
        summary=$(python3 "$here/summarize.py" --smoke-line "$plain" "$pipe" "$echo4k")
        if [ ${#problems[@]} -eq 0 ] && [[ $summary != *"FAIL"* ]]; then
            echo "$name: ok  ($first_line; $server_header; ${date_header%%,*}, ...) $summary"
        else
            echo "$name: FAILED ${problems[*]} $summary ($first_line)"
            fails=$((fails + 1))
        fi
    done
    if [ -n "$hyper_why" ]; then echo "hyper: skipped, $hyper_why"; fi
    echo "smoke: $(( ${#active[@]} - fails )) of ${#active[@]} servers ok; output in ${out#"$root"/}"
    [ "$fails" = 0 ]
    exit
fi

# ---- full run ----

printf 'round\tserver\tmode\tconnections\tcpu_s\t%s\n' "wrk RESULT line" >"$out/cells.tsv"
n=${#active[@]}
for round in $(seq 1 "$rounds"); do
    for i in $(seq 0 $((n - 1))); do
        name=${active[$(( (i + round - 1) % n ))]}   # round-robin: each round starts one server later
        log "round $round/$rounds: $name"
        start_server "$name" "$out/$name.round$round.log" || { log "$name skipped this round"; continue; }
        for mode in $modes; do
            for c in $connections; do
                wrk_cell "$mode" "$c" "$warmup" "$out/$name.r$round.$mode.c$c.warmup.txt" >/dev/null
                before=$(cpu_ticks "$server_pid")
                result=$(wrk_cell "$mode" "$c" "$duration" "$out/$name.r$round.$mode.c$c.txt")
                after=$(cpu_ticks "$server_pid")
                cpu=$(awk -v a="$before" -v b="$after" -v t="$clk_tck" 'BEGIN { printf "%.2f", (b - a) / t }')
                printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$name" "$mode" "$c" "$cpu" "${result:-RESULT none}" \
                    >>"$out/cells.tsv"
                log "  $mode -c$c: ${result:-no result, see $out/$name.r$round.$mode.c$c.txt} cpu_s=$cpu"
            done
        done
        stop_server
    done
done

python3 "$here/summarize.py" "$out" | tee "$out/summary.md"

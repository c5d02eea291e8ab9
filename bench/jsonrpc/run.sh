#!/usr/bin/env bash
# The JSON-RPC benchmark of issue 18: zsync's LSP server beside Eclipse LSP4J's, and zsync's MCP server beside the MCP
# Java SDK's, each server its own process driven over stdio by the same Node client (bench/README.md, "JSON-RPC, LSP
# and MCP").
#
#   bench/jsonrpc/run.sh            full run: 3 rounds; in each, the LSP servers in turn (the order swaps every round),
#                                   each through one session (start-up, warm-up, 100,000 sequential hovers, 100,000
#                                   hovers at 64 in flight, a 100,000-didChange flood, 32,000 10 ms sleeps at 64 in
#                                   flight, exit) and 4 short start/exit sessions; then the MCP servers in turn (20,000
#                                   sequential tools/call after 5,000 of warm-up). The LSP servers: zsync, LSP4J, and
#                                   LSP4J with hover offloaded to virtual threads (lsp4j-offload: what leaving the
#                                   reader thread costs LSP4J). About 9 minutes on this 2-core VM.
#   bench/jsonrpc/run.sh --smoke    the same with every count cut about twentyfold, 1 round: proves it all works
#                                   (about a minute with the build done)
#
# Options: --rounds N (3; --smoke: 1), --suites "lsp mcp", --pin (server on core 0, the Node client on core 1),
# --no-build, --offline (Maven -o), -h.
# Builds first: the Node clients (jsonrpc/src/test/node/install.sh: npm ci from the committed lock file), zsync-jsonrpc
# into the local Maven repository (./mvnw -pl jsonrpc -am install -DskipTests), then the servers, a Maven project of
# their own (./mvnw -f bench/jsonrpc/servers/pom.xml clean package).
# Results: bench/jsonrpc/results/<date>-<time>[-smoke]/ (git-ignored): environment.txt, figures.jsonl (one JSON line
# per figure, contender and round), the drivers' and servers' logs, summary.md (the table printed at the end).
set -euo pipefail

here=$(CDPATH= cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(CDPATH= cd -- "$here/../.." && pwd)

smoke=0 rounds="" suites="lsp mcp" pin=0 build=1 offline=()
while [ $# -gt 0 ]; do
    case $1 in
        --smoke) smoke=1 ;;
        --rounds) rounds=$2; shift ;;
        --suites) suites=$2; shift ;;
        --pin) pin=1 ;;
        --no-build) build=0 ;;
        --offline) offline=(-o) ;;
        -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
[ -n "$rounds" ] || { [ "$smoke" = 1 ] && rounds=1 || rounds=3; }

log() { printf '%s\n' "run.sh: $*" >&2; }

for tool in node npm python3; do
    command -v "$tool" >/dev/null || { log "$tool not found: install it (Node.js 20 or newer, Python 3)"; exit 1; }
done
if [ "$pin" = 1 ] && ! command -v taskset >/dev/null; then
    log "--pin needs taskset (apt-get install util-linux)"; exit 1
fi

# ---- JDK: as ./mvnw finds it (tools/jdk.sh: JAVA_HOME if it is 21+, else the newest under /usr/lib/jvm) ----

# shellcheck source=../../tools/jdk.sh
source "$root/tools/jdk.sh"
zsync_find_jdk
java="$ZSYNC_JDK/bin/java"
cd "$root"

# ---- build ----

servers=$here/servers
if [ "$build" = 1 ]; then
    log "installing the Node clients (jsonrpc/src/test/node/install.sh)"
    bash "$root/jsonrpc/src/test/node/install.sh" >&2
    log "installing zsync-jsonrpc into the local Maven repository (./mvnw -pl jsonrpc -am install -DskipTests)"
    ./mvnw -q -B -Dstyle.color=never "${offline[@]}" -pl jsonrpc -am install -DskipTests >&2
    log "building the servers (./mvnw -f bench/jsonrpc/servers/pom.xml -DskipTests clean package)"
    ./mvnw -q -B -Dstyle.color=never "${offline[@]}" -f "$servers/pom.xml" -DskipTests clean package >&2
fi
for m in zsync lsp4j mcp-java-sdk; do
    [ -d "$servers/$m/target/lib" ] || { log "the servers are not built; run without --no-build"; exit 1; }
done
[ -d "$root/jsonrpc/src/test/node/node_modules" ] || { log "the Node clients are not installed; run without --no-build"; exit 1; }

server_command() {   # the command line of contender $1 (printed, split on spaces by the caller)
    local m main flags=""
    case $1 in
        zsync-lsp) m=zsync main=io.zsync.bench.jsonrpc.ZsyncLspServer ;;
        lsp4j) m=lsp4j main=io.zsync.bench.jsonrpc.Lsp4jServer ;;
        lsp4j-offload) m=lsp4j main=io.zsync.bench.jsonrpc.Lsp4jServer flags="-Dlsp4j.offload=true " ;;
        zsync-mcp) m=zsync main=io.zsync.bench.jsonrpc.ZsyncMcpServer ;;
        mcp-java-sdk) m=mcp-java-sdk main=io.zsync.bench.jsonrpc.McpSdkServer ;;
        *) log "unknown contender $1"; return 1 ;;
    esac
    local prefix=""
    [ "$pin" = 1 ] && prefix="taskset -c 0 "
    echo "$prefix$java $flags-cp $servers/$m/target/classes:$servers/$m/target/lib/* $main"
}
client_prefix=()
[ "$pin" = 1 ] && client_prefix=(taskset -c 1)

# ---- results and environment ----

stamp=$(date +%Y%m%d-%H%M%S)
out="$here/results/$stamp"
[ "$smoke" = 0 ] || out="$out-smoke"
mkdir -p "$out"
node_pkg() { node -p "require('$root/jsonrpc/src/test/node/node_modules/$1/package.json').version"; }
jars() { (cd "$servers/$1/target/lib" && ls | tr '\n' ' '); }
{
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "jdk=$("$java" -version 2>&1 | head -n 1)"
    echo "java=$java"
    echo "nproc=$(nproc)"
    echo "cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
    echo "memory=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
    echo "node=$(node --version)"
    echo "vscode_jsonrpc=$(node_pkg vscode-jsonrpc)"
    echo "mcp_ts_sdk=$(node_pkg @modelcontextprotocol/sdk)"
    echo "zsync_jars=$(jars zsync)"
    echo "lsp4j_jars=$(jars lsp4j)"
    echo "mcp_java_sdk_jars=$(jars mcp-java-sdk)"
    echo "rounds=$rounds"
    echo "smoke=$smoke"
    echo "pin=$pin"
    echo "suites=$suites"
    echo "load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)"
} >"$out/environment.txt"
log "results in ${out#"$root"/}"

figures="$out/figures.jsonl"
: >"$figures"
smoke_flag=()
[ "$smoke" = 1 ] && smoke_flag=(--smoke)
failures=0

drive() {   # drive SUITE CONTENDER ROUND: one driver run, its figures appended to figures.jsonl
    local suite=$1 contender=$2 round=$3 driver cmd status=0
    driver="$here/$suite-bench.cjs"
    cmd=$(server_command "$contender")
    log "round $round/$rounds: $suite, $contender"
    # shellcheck disable=SC2086   # the server's command line splits on spaces by design
    "${client_prefix[@]}" node "$driver" --contender "$contender" --round "$round" --clk-tck "$(getconf CLK_TCK)" \
        --log "$out/$contender.r$round.server.log" "${smoke_flag[@]}" -- $cmd \
        >"$out/$contender.r$round.jsonl" 2>"$out/$contender.r$round.driver.log" || status=$?
    cat "$out/$contender.r$round.jsonl" >>"$figures"
    while IFS= read -r line; do log "  $line"; done <"$out/$contender.r$round.jsonl"
    if [ "$status" != 0 ]; then
        log "  $contender failed in round $round (status $status): see $out/$contender.r$round.*"
        failures=$((failures + 1))
    fi
}

# ---- rounds: contenders alternate, the first of each pair swapping every round ----

for round in $(seq 1 "$rounds"); do
    for suite in $suites; do
        case $suite in
            lsp) pair=(zsync-lsp lsp4j lsp4j-offload) ;;
            mcp) pair=(zsync-mcp mcp-java-sdk) ;;
            *) log "unknown suite $suite (lsp, mcp)"; exit 2 ;;
        esac
        if [ $((round % 2)) = 0 ]; then   # the order reverses every round
            rev=(); for ((i = ${#pair[@]} - 1; i >= 0; i--)); do rev+=("${pair[i]}"); done; pair=("${rev[@]}")
        fi
        for contender in "${pair[@]}"; do
            drive "$suite" "$contender" "$round"
        done
    done
done
echo "load_at_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/environment.txt"

python3 "$here/summarize.py" "$out" | tee "$out/summary.md"
if [ "$failures" != 0 ]; then
    log "$failures driver run(s) failed; see the logs in ${out#"$root"/}"
    exit 1
fi

#!/usr/bin/env python3
"""Summarizes a bench/jsonrpc/run.sh results directory as Markdown: medians over the rounds per figure and
contender, zsync's ratio to the peer, and issue 18's floors.

    python3 bench/jsonrpc/summarize.py bench/jsonrpc/results/<stamp>
"""
import json
import statistics
import sys
from pathlib import Path

# (figure, field, label, unit, zsync contender, peer, how the ratio reads, floor, floor's direction)
#   ratio "zsync/peer": zsync's value ÷ the peer's; "peer/zsync": the peer's ÷ zsync's (a time read as a speed).
#   floor on the ratio: ">=" or "<="; "abs>=": on zsync's own value, no peer needed.
ROWS = [
    ("sequential", "value", "(a) sequential hovers", "req/s", "zsync-lsp", "lsp4j", "zsync/peer", 1.0, ">="),
    ("sequential", "p99_ms", "(a) sequential hovers, p99 latency", "ms", "zsync-lsp", "lsp4j", "zsync/peer", None,
     None),
    ("inflight64", "value", "(b) hovers at 64 in flight", "req/s", "zsync-lsp", "lsp4j", "zsync/peer", 1.0, ">="),
    ("inflight64", "p99_ms", "(b) 64 in flight, p99 latency", "ms", "zsync-lsp", "lsp4j", "zsync/peer", 1.0, "<="),
    ("exit", "value", "(c) exit: `exit` sent → process gone", "ms", "zsync-lsp", "lsp4j", "zsync/peer", 1.0, "<="),
    ("startup", "value", "(d) start-up: spawn → `initialize` answered", "ms", "zsync-lsp", "lsp4j", "zsync/peer", 1.2,
     "<="),
    ("flood", "value", "(e) flood: 100 B didChanges, then a hover: drain time", "s", "zsync-lsp", "lsp4j",
     "peer/zsync", 1.0, ">="),
    ("sequential", "value", "(a) sequential hovers, beside LSP4J off its reader", "req/s", "zsync-lsp", "lsp4j-offload",
     "zsync/peer", None, None),
    ("inflight64", "value", "(b) 64 in flight, beside LSP4J off its reader", "req/s", "zsync-lsp", "lsp4j-offload",
     "zsync/peer", None, None),
    ("inflight64", "p99_ms", "(b) p99, beside LSP4J off its reader", "ms", "zsync-lsp", "lsp4j-offload",
     "zsync/peer", None, None),
    ("flood", "value", "(e) flood, beside LSP4J off its reader", "s", "zsync-lsp", "lsp4j-offload", "peer/zsync",
     None, None),
    ("sleep64", "value", "(f) `test/sleep` 10 ms at 64 in flight", "req/s", "zsync-lsp", "lsp4j", "zsync/peer", 5000,
     "abs>="),
    ("tools_call", "value", "MCP: sequential `tools/call` (add)", "calls/s", "zsync-mcp", "mcp-java-sdk", "zsync/peer",
     1.0, ">="),
    ("tools_call", "p99_ms", "MCP: `tools/call` p99 latency", "ms", "zsync-mcp", "mcp-java-sdk", "zsync/peer", None,
     None),
    ("mcp_startup", "value", "MCP: spawn → connected (initialize answered)", "ms", "zsync-mcp", "mcp-java-sdk",
     "zsync/peer", None, None),
]
PEER_NAME = {"lsp4j": "LSP4J", "lsp4j-offload": "LSP4J off its reader", "mcp-java-sdk": "MCP Java SDK", "zsync-lsp": "zsync", "zsync-mcp": "zsync"}


def fmt(value, unit):
    if value is None:
        return "–"
    if unit in ("req/s", "calls/s"):
        return f"{value:,.0f}"
    if unit == "n":
        return f"{value:.2f}"
    if unit == "us":
        return f"{value:.0f}" if value >= 10 else f"{value:.1f}"
    if unit == "s":
        return f"{value:.2f}"
    if unit == "ms":
        return f"{value:.3f}" if value < 1 else f"{value:.2f}" if value < 10 else f"{value:.1f}"
    return f"{value:.3g}"


def shown(ratio, floor, met):
    """The ratio to 2 decimals, or 3 where 2 would read as the floor itself although it is missed."""
    if ratio is None:
        return "–"
    if floor is not None and met == "✗" and f"{ratio:.2f}" == f"{floor:.2f}":
        return f"{ratio:.3f}"
    return f"{ratio:.2f}"


def summarize(directory):
    directory = Path(directory)
    env = dict(line.split("=", 1) for line in (directory / "environment.txt").read_text().splitlines() if "=" in line)
    values = {}   # (figure, field, contender) -> [value per round]
    errors = []
    counts = {}   # figure -> the counts (n) its runs used
    for line in (directory / "figures.jsonl").read_text().splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        if r["figure"] == "error":
            errors.append(f"{r['contender']} round {r['round']}: {r['message'].splitlines()[0]}")
            continue
        if r.get("n") is not None:
            counts.setdefault(r["figure"], set()).add(r["n"])
        if r.get("server_cpu_s") is not None and r.get("n"):
            values.setdefault((r["figure"], "cpu_us", r["contender"]), []).append(
                (r["round"], r["server_cpu_s"] / r["n"] * 1e6))
            values.setdefault((r["figure"], "client_cpu_us", r["contender"]), []).append(
                (r["round"], r["client_cpu_s"] / r["n"] * 1e6))
        if r.get("server_switches") is not None and r.get("n"):
            values.setdefault((r["figure"], "switches", r["contender"]), []).append(
                (r["round"], r["server_switches"] / r["n"]))
        for field in ("value", "p99_ms", "wrong"):
            if r.get(field) is not None:
                values.setdefault((r["figure"], field, r["contender"]), []).append((r["round"], r[field]))

    def med(figure, field, contender):
        xs = [v for _, v in values.get((figure, field, contender), [])]
        return (statistics.median(xs), len(xs)) if xs else (None, 0)

    jdk = env.get("jdk", "?").replace('"', "")
    machine = (f"{env.get('nproc', '?')} CPUs ({env.get('cpu', '?')}), {env.get('memory', '?')}; "
               f"load average at start {env.get('load_at_start', '?')}, at end {env.get('load_at_end', '?')}")
    lines = [f"# JSON-RPC benchmark (issue 18), {env.get('date', '?')}", "",
             f"- JDK: {jdk} ({env.get('java', '?')})",
             f"- Machine: {machine}",
             f"- Clients: Node {env.get('node', '?')}, vscode-jsonrpc {env.get('vscode_jsonrpc', '?')}, "
             f"@modelcontextprotocol/sdk {env.get('mcp_ts_sdk', '?')}",
             f"- Servers' jars: zsync: {env.get('zsync_jars', '?').strip()}; LSP4J: {env.get('lsp4j_jars', '?').strip()}; "
             f"MCP Java SDK: {env.get('mcp_java_sdk_jars', '?').strip()}",
             f"- Rounds: {env.get('rounds', '?')} (contenders alternating, the first swapping every round); "
             f"smoke: {'yes (counts cut about twentyfold: not comparable with a full run)' if env.get('smoke') == '1' else 'no'}; "
             f"pinned: {'server core 0, client core 1' if env.get('pin') == '1' else 'no'}",
             "",
             "Medians over the rounds. Ratio: zsync ÷ peer, except the flood's, which is the peer's drain time ÷ "
             "zsync's (a speed: above 1, zsync drained faster). ✓ or ✗: issue 18's floor met or not.",
             "",
             "Server CPU: the server process's CPU time (all threads, /proc) during the figure's run, per request "
             "(µs), zsync / peer; client CPU likewise for the Node driver (both contenders share it); switches: the "
             "server's context switches (voluntary and not, its live threads) per request, zsync / peer.",
             "",
             "| Figure | zsync | Peer | Ratio | Floor | Met | Server CPU µs/req | Client CPU µs/req | Switches/req | Rounds |",
             "|---|---:|---:|---:|---|:-:|---:|---:|---:|---:|"]
    for figure, field, label, unit, z, peer, how, floor, direction in ROWS:
        zv, zn = med(figure, field, z)
        pv, pn = med(figure, field, peer)
        if zv is None and pv is None:
            continue
        ratio = None
        if zv and pv:
            ratio = zv / pv if how == "zsync/peer" else pv / zv
        met, floor_text = "", ""
        if direction == "abs>=":
            floor_text = f"zsync ≥ {floor:,} {unit}"
            met = "" if zv is None else ("✓" if zv >= floor else "✗")
        elif direction:
            floor_text = f"{direction} {floor:.1f}×"
            if ratio is not None:
                met = "✓" if (ratio >= floor if direction == ">=" else ratio <= floor) else "✗"
        unit_text = "ms" if field == "p99_ms" else unit
        if figure in counts and field == "value":
            label += ", n = " + "/".join(f"{n:,}" for n in sorted(counts[figure]))
        relative_floor = floor if direction in (">=", "<=") else None
        cpu, client, switches = "", "", ""
        if field == "value":
            zc, _ = med(figure, "cpu_us", z)
            pc, _ = med(figure, "cpu_us", peer)
            zcc, _ = med(figure, "client_cpu_us", z)
            pcc, _ = med(figure, "client_cpu_us", peer)
            if zc is not None or pc is not None:
                cpu = f"{fmt(zc, 'us')} / {fmt(pc, 'us')}"
                client = f"{fmt(zcc, 'us')} / {fmt(pcc, 'us')}"
            zs, _ = med(figure, "switches", z)
            ps, _ = med(figure, "switches", peer)
            if zs is not None or ps is not None:
                switches = f"{fmt(zs, 'n')} / {fmt(ps, 'n')}"
        lines.append(f"| {label} ({unit_text}) | {fmt(zv, unit_text)} | {PEER_NAME[peer]} {fmt(pv, unit_text)} | "
                     f"{shown(ratio, relative_floor, met)} | {floor_text} | {met} | {cpu} | {client} | {switches} | "
                     f"{zn}/{pn} |")

    wrong = {(f, c): sum(v for _, v in vs) for (f, field, c), vs in values.items() if field == "wrong" and vs}
    bad = {k: v for k, v in wrong.items() if v}
    lines += ["", "Answers checked: " + ("every answer was right." if not bad else
                                         "WRONG ANSWERS: " + ", ".join(f"{c} {f}: {v}" for (f, c), v in bad.items()))]

    lines += ["", "## Per round", "", "| Figure | Contender | " + " | ".join(
        f"round {i}" for i in range(1, int(env.get("rounds", "1")) + 1)) + " |",
              "|---|---|" + "---:|" * int(env.get("rounds", "1"))]
    listed = set()
    for figure, field, label, unit, z, peer, *_ in ROWS:
        for contender in (z, peer):
            rounds = dict(values.get((figure, field, contender), []))
            if not rounds or (figure, field, contender) in listed:
                continue
            listed.add((figure, field, contender))
            unit_text = "ms" if field == "p99_ms" else unit
            cells = [fmt(rounds.get(i), unit_text) for i in range(1, int(env.get("rounds", "1")) + 1)]
            lines.append(f"| {label} | {PEER_NAME[contender]} | " + " | ".join(cells) + " |")
    if errors:
        lines += ["", "## Failed runs", ""] + [f"- {e}" for e in errors]
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    print(summarize(sys.argv[1]))

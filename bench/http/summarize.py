#!/usr/bin/env python3
"""Summarizes a bench/http/run.sh results directory as Markdown (medians per server and cell, zsync's ratios).

    python3 bench/http/summarize.py bench/http/results/<stamp>
    python3 bench/http/summarize.py --smoke-line RESULT... (run.sh --smoke: one short line per server)
"""
import statistics
import sys
from pathlib import Path

ERRORS = ("connect", "read", "write", "timeout")


def parse_result(line):
    """The key=value fields of a wrk.lua RESULT line, as numbers; {} if there is none."""
    fields = {}
    for part in line.split()[1:] if line.startswith("RESULT") else []:
        key, _, value = part.partition("=")
        try:
            fields[key] = float(value)
        except ValueError:
            pass
    return fields


def rps(r):
    return r["requests"] / (r["duration_us"] / 1e6) if r.get("duration_us") else 0.0


def latency(us):
    if us <= 0:   # wrk's histogram had nothing to rank (pipeline mode, few batches complete): see bench/README.md
        return "n/a"
    return f"{us / 1000:.2f} ms" if us >= 1000 else f"{us:.0f} µs"


def smoke_line(results):
    out = []
    for mode, line in zip(("plaintext 2 s", "pipeline x16 1 s", "echo 4 KiB 1 s"), results):
        r = parse_result(line)
        if not r:
            out.append(f"{mode}: FAIL (no wrk result)")
            continue
        errors = int(sum(r[k] for k in ERRORS))
        bad = int(r["status"])
        flag = " FAIL" if r["requests"] == 0 or bad > 0 else ""
        out.append(f"{mode}: {rps(r):,.0f} req/s, p99 {latency(r['p99_us'])}, {errors} socket errors, "
                   f"{bad} non-2xx{flag}")
    return "| " + "; ".join(out)


def ratio(a, b):
    return f"{a / b:.2f}" if a and b else "n/a"


def summarize(directory):
    directory = Path(directory)
    env = dict(line.split("=", 1) for line in (directory / "environment.txt").read_text().splitlines() if "=" in line)
    cells = {}   # (mode, connections) -> server -> list of (result, cpu_s)
    servers = env.get("servers", "").split()
    with open(directory / "cells.tsv") as f:
        next(f)
        for row in f:
            round_, server, mode, c, cpu, result = row.rstrip("\n").split("\t", 5)
            r = parse_result(result)
            cells.setdefault((mode, int(c)), {}).setdefault(server, []).append((r, float(cpu)))
    present = [s for s in servers if any(s in v for v in cells.values())]
    order = {"plaintext": 0, "pipeline": 1, "echo": 2}
    keys = sorted(cells, key=lambda k: (order.get(k[0], 9), k[1]))
    depth = env["rounds"].split("depth=")[-1] if "depth=" in env.get("rounds", "") else "16"
    label = {"plaintext": "plaintext", "pipeline": f"pipelined x{depth}", "echo": "POST echo 4 KiB"}

    lines = [f"# HTTP server benchmark, {env.get('date', '?')}", "",
             f"JDK: {env.get('jdk', '?')}; machine: {env.get('nproc', '?')} CPUs, {env.get('cpu', '?')}; "
             f"{env.get('wrk', 'wrk')}",
             f"Settings: rounds={env.get('rounds', '?')}. Server on core 0 (taskset -c 0), wrk (1 thread) on core 1.",
             ""]
    if "hyper" in env:
        lines += [f"hyper: {env['hyper']}", ""]
    lines += ["## Medians per server and cell", "",
              "| Mode | Conns | Server | Requests/s | p50 | p99 | Socket errors | Non-2xx | Server CPU s | "
              "Requests per CPU-s | Rounds |",
              "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    medians = {}
    for key in keys:
        for server in present:
            runs = [(r, cpu) for r, cpu in cells[key].get(server, []) if r]
            if not runs:
                continue
            m = {
                "rps": statistics.median(rps(r) for r, _ in runs),
                "p50": statistics.median(r["p50_us"] for r, _ in runs),
                "p99": statistics.median(r["p99_us"] for r, _ in runs),
                "errors": int(sum(sum(r[k] for k in ERRORS) for r, _ in runs)),
                "status": int(sum(r["status"] for r, _ in runs)),
                "cpu": statistics.median(cpu for _, cpu in runs),
                "per_cpu": statistics.median(r["requests"] / cpu if cpu > 0 else 0.0 for r, cpu in runs),
            }
            medians[(key, server)] = m
            lines.append(f"| {label.get(key[0], key[0])} | {key[1]} | {server} | {m['rps']:,.0f} | "
                         f"{latency(m['p50'])} | {latency(m['p99'])} | {m['errors']} | {m['status']} | "
                         f"{m['cpu']:.2f} | {m['per_cpu']:,.0f} | {len(runs)} |")
    peers = [s for s in present if s != "zsync"]
    if "zsync" in present and peers:
        for title, field, note in (
                ("zsync's throughput over each peer's", "rps",
                 "median requests/s of zsync ÷ the peer's; above 1: zsync serves more"),
                ("zsync's efficiency over each peer's", "per_cpu", "median requests per server CPU-second of zsync ÷ "
                 "the peer's; above 1: zsync spends less CPU per request"),
                ("zsync's p99 latency over each peer's", "p99", "median p99 of zsync ÷ the peer's; below 1: zsync's "
                 "tail is shorter")):
            lines += ["", f"## {title}", "", note, "",
                      "| Mode | Conns | " + " | ".join(f"vs {p}" for p in peers) + " |",
                      "|---|---:|" + "---:|" * len(peers)]
            for key in keys:
                z = medians.get((key, "zsync"))
                cols = [ratio(z[field], medians[(key, p)][field]) if z and (key, p) in medians else "n/a"
                        for p in peers]
                lines.append(f"| {label.get(key[0], key[0])} | {key[1]} | " + " | ".join(cols) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--smoke-line":
        print(smoke_line(sys.argv[2:]))
    elif len(sys.argv) == 2:
        print(summarize(sys.argv[1]))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)

#!/usr/bin/env python3
"""One bench/tui run of one program in tmux: JVM start to first frame, key-to-screen latency idle and under a flood
of 100,000 updates a second, frames and updates per second, CPU, RSS and heap. Prints one JSON object.

Driven through one tmux control-mode client (tmux -C): keys go in as send-keys commands on its stdin, and the pane's
output comes back as %output lines on its stdout, timestamped by a reader thread as they arrive; a typed letter is
"on screen" when the pane's output (escape sequences removed) contains it. A private tmux server per run, never
reused. Usage: measure.py NAME FLOOD_SECONDS COMMAND...
"""
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time

ESCAPES = re.compile(r'\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()*+].|[=>78DEHMNOZc])')
OCTAL = re.compile(r'\\([0-7]{3})')
LETTERS = "abcdehijklmnoprstuvwyz"   # not f, g, q (the programs' commands); no digits (the counters)


class Pane:
    def __init__(self, name, command):
        self.sock = "zsync-bench-tui-%d-%s" % (os.getpid(), name)
        self.tmux("new-session", "-d", "-x", "80", "-y", "24", "sh", "-c", "read go; exec " + command,
                  ";", "set-option", "-g", "window-size", "manual")
        self.lock = threading.Condition()
        self.chunks = []   # (perf_counter, text without escapes)
        self.ctl = subprocess.Popen(["tmux", "-L", self.sock, "-f", "/dev/null", "-C", "attach", "-t", "0"],
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        threading.Thread(target=self.read, daemon=True).start()

    def tmux(self, *args):
        return subprocess.run(["tmux", "-L", self.sock, "-f", "/dev/null"] + list(args), check=True,
                              capture_output=True, text=True).stdout

    def read(self):
        for raw in self.ctl.stdout:
            now = time.perf_counter()
            line = raw.decode("utf-8", "replace")
            if line.startswith("%output "):
                data = line.split(" ", 2)[2].rstrip("\n")
                data = OCTAL.sub(lambda m: chr(int(m.group(1), 8)), data)
                with self.lock:
                    self.chunks.append((now, ESCAPES.sub("", data)))
                    self.lock.notify_all()

    def command(self, text):
        self.ctl.stdin.write((text + "\n").encode())

    def mark(self):
        with self.lock:
            return len(self.chunks)

    def await_text(self, since, text, timeout):
        """The time the pane's output after chunk `since` first contained `text`."""
        deadline = time.perf_counter() + timeout
        with self.lock:
            seen = ""
            i = since
            while True:
                while i < len(self.chunks):
                    t, s = self.chunks[i]
                    seen = (seen + s)[-200:]
                    i += 1
                    if text in seen:
                        return t
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise TimeoutError("%r not seen within %.1f s; last output %r" % (text, timeout, seen))
                self.lock.wait(left)

    def key_latency(self, letter):
        since = self.mark()
        t0 = time.perf_counter()
        self.command("send-keys -t 0 -l " + letter)
        return (self.await_text(since, letter, 5) - t0) * 1000

    def screen(self):
        return self.tmux("capture-pane", "-p", "-t", "0")

    def pid(self):
        return int(self.tmux("display-message", "-p", "-t", "0", "#{pane_pid}").strip())

    def close(self):
        try:
            self.ctl.stdin.close()
        except OSError:
            pass
        subprocess.run(["tmux", "-L", self.sock, "kill-server"], capture_output=True)


def counter(screen, label):
    m = re.search(label + r"\s+(\d+)", screen)
    return int(m.group(1)) if m else None


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return None


def latencies(pane, n=30):
    out = []
    for i in range(n):
        out.append(pane.key_latency(LETTERS[i % len(LETTERS)]))
        time.sleep(0.05)
    return out


def summary(values):
    return {"median": statistics.median(values), "p90": statistics.quantiles(values, n=10)[8]}


def heap(pane):
    before = counter(pane.screen(), "heap")
    pane.command("send-keys -t 0 -l g")
    deadline = time.time() + 10
    while time.time() < deadline:
        time.sleep(0.2)
        value = counter(pane.screen(), "heap")
        if value != before and value:
            return value / 1024
    return None


def main():
    name, flood_seconds, command = sys.argv[1], float(sys.argv[2]), " ".join(sys.argv[3:])
    pane = Pane(name, command)
    result = {"name": name}
    try:
        time.sleep(0.3)                                   # the control client attached
        since = pane.mark()
        t0 = time.perf_counter()
        pane.command("send-keys -t 0 Enter")              # sh's read returns: exec the JVM
        result["first_frame_ms"] = (pane.await_text(since, "ready", 30) - t0) * 1000
        pid = pane.pid()
        time.sleep(1.0)
        result["idle_key_ms"] = summary(latencies(pane))
        c0 = cpu_seconds(pid)
        time.sleep(3.0)
        result["idle_cpu_pct"] = (cpu_seconds(pid) - c0) / 3.0 * 100
        result["idle_heap_mib"] = heap(pane)
        pane.command("send-keys -t 0 -l f")               # the flood starts
        time.sleep(2.0)
        s0, c0, t0 = pane.screen(), cpu_seconds(pid), time.perf_counter()
        keys = latencies(pane)
        time.sleep(max(0.0, flood_seconds - (time.perf_counter() - t0)))
        s1, c1, t1 = pane.screen(), cpu_seconds(pid), time.perf_counter()
        seconds = t1 - t0
        result["flood_seconds"] = seconds
        result["flood_key_ms"] = summary(keys)
        result["flood_cpu_pct"] = (c1 - c0) / seconds * 100
        result["updates_per_s"] = (counter(s1, "produced") - counter(s0, "produced")) / seconds
        result["frames_per_s"] = (counter(s1, "frames") - counter(s0, "frames")) / seconds
        result["rss_mib"] = rss_mib(pid)
        result["flood_heap_mib"] = heap(pane)
        pane.command("send-keys -t 0 -l q")
        deadline = time.time() + 5
        while os.path.exists("/proc/%d" % pid) and time.time() < deadline:
            time.sleep(0.01)
    finally:
        pane.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()

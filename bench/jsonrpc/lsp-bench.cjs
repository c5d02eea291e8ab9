// bench/jsonrpc's LSP driver: one contender, one round. Spawns the server command given after `--`, drives it over
// stdio with vscode-jsonrpc (the library VS Code's language client is built on; jsonrpc/src/test/node's install),
// and prints one JSON line per figure: {"contender", "round", "figure", "value", "unit", ...}.
//
//   node bench/jsonrpc/lsp-bench.cjs --contender zsync --round 1 --log server.log [--smoke] -- java -cp ... Main
//
// In one session, in this order: start-up (spawn -> initialize answered), didOpen, a warm-up of every kind of
// message (10,000 sequential and 20,000 parallel hovers, a 20,000-change flood, 3,200 sleeps), (a) sequential
// hovers, (b) hovers at 64 in flight, (e) a didChange flood then one hover, (f) test/sleep at 64 in flight, and
// (c) exit (shutdown answered, then exit sent -> process gone). Then a few more short sessions (spawn, initialize,
// shutdown, exit) for more start-up and exit samples; the figure reported for those is the median of the samples.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { createRequire } = require('node:module');

const clients = createRequire(path.join(__dirname, '..', '..', 'jsonrpc', 'src', 'test', 'node', 'package.json'));
const rpc = clients('vscode-jsonrpc/node');

// ---- arguments ----

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
if (dash < 0 || dash === argv.length - 1) {
  console.error('usage: lsp-bench.cjs --contender NAME --round N --log FILE [--smoke] -- COMMAND ARGS...');
  process.exit(2);
}
const command = argv.slice(dash + 1);
const opts = {};
for (let i = 0; i < dash; i++) {
  const a = argv[i];
  if (a === '--smoke') opts.smoke = true;
  else opts[a.replace(/^--/, '')] = argv[++i];
}
const smoke = !!opts.smoke;
const N = smoke
  ? { warmSeq: 1000, warmPar: 2000, warmFlood: 1000, warmSleep: 256, seq: 5000, par: 5000, flood: 5000, sleep: 640,
    shortSessions: 1 }
  : { warmSeq: 10000, warmPar: 20000, warmFlood: 20000, warmSleep: 3200, seq: 100000, par: 100000, flood: 100000,
    sleep: 32000, shortSessions: 4 };
const INFLIGHT = 64;
const SLEEP_MS = 10;
const FLOOD_TEXT_BYTES = 100;
const URI = 'file:///bench/document.txt';
const STEP_TIMEOUT_MS = smoke ? 60000 : 300000;

const CLK_TCK = Number(opts['clk-tck'] || 100);

// CPU seconds used so far by process `pid` (utime + stime, all its threads), from /proc; NaN where there is none
function cpuOf(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK;
  } catch {
    return NaN;
  }
}

// context switches so far of process `pid`'s live threads (voluntary + involuntary, /proc/<pid>/task/*/status):
// roughly how often its threads parked and woke; NaN where there is none
function switchesOf(pid) {
  try {
    let total = 0;
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      const status = fs.readFileSync(`/proc/${pid}/task/${task}/status`, 'utf8');
      for (const m of status.matchAll(/^(?:non)?voluntary_ctxt_switches:\s+(\d+)/gm)) total += Number(m[1]);
    }
    return total;
  } catch {
    return NaN;
  }
}

function clientCpu() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

// runs `body`, adding to what it returns the CPU seconds the server and this client used meanwhile
async function measured(pid, body) {
  const s0 = cpuOf(pid);
  const c0 = clientCpu();
  const x0 = switchesOf(pid);
  const r = await body();
  return { ...r, server_cpu_s: cpuOf(pid) - s0, client_cpu_s: clientCpu() - c0, server_switches: switchesOf(pid) - x0 };
}

const emit = (figure, value, unit, extra) => console.log(JSON.stringify(
  { contender: opts.contender, round: Number(opts.round), figure, value, unit, ...extra }));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();

function percentile(samples, p) {   // nearest rank, on a copy
  const sorted = Float64Array.from(samples).sort();
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

function median(xs) {
  return percentile(xs, 0.5);
}

async function within(what, promise, ms = STEP_TIMEOUT_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// ---- a server process ----

function start() {
  const log = fs.openSync(opts.log, 'a');
  const t0 = now();
  const child = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', log] });
  fs.closeSync(log);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, at: now() })));
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout),
    new rpc.StreamMessageWriter(child.stdin));
  conn.onError(() => {});
  conn.onClose(() => {});
  conn.listen();
  return { child, conn, exited, t0 };
}

async function initialize(server) {
  const result = await within('initialize', server.conn.sendRequest('initialize',
    { processId: process.pid, rootUri: null, capabilities: {} }), 60000);
  const ms = now() - server.t0;
  if (!result || !result.capabilities || !result.capabilities.hoverProvider) {
    throw new Error('initialize: no hoverProvider in ' + JSON.stringify(result));
  }
  await server.conn.sendNotification('initialized', {});
  return ms;
}

// shutdown answered, then exit sent -> the process is gone: milliseconds from sending exit, and the exit status
async function shutdownAndExit(server) {
  const asked = now();
  const answer = await within('shutdown', server.conn.sendRequest('shutdown'));
  const shutdownMs = now() - asked;
  const sent = now();
  server.conn.sendNotification('exit').catch(() => {});
  const gone = await Promise.race([server.exited, sleep(10000).then(() => null)]);
  server.conn.dispose();
  if (gone === null) {
    server.child.kill('SIGKILL');
    throw new Error('exit: the process was still alive 10 s after exit');
  }
  if (answer !== null) throw new Error('shutdown answered ' + JSON.stringify(answer) + ', not null');
  return { exitMs: gone.at - sent, code: gone.code, shutdownMs };
}

// ---- the figures ----

let version = 1;

function hoverParams(i) {
  return { textDocument: { uri: URI }, position: { line: i % 1000, character: i % 80 } };
}

function checkHover(h, i, wrong) {
  const expected = `line ${i % 1000}, character ${i % 80}, version ${version}`;
  if (!h || !h.contents || h.contents.value !== expected) wrong.count++;
}

async function sequential(conn, n) {
  const lat = new Float64Array(n);
  const wrong = { count: 0 };
  const t0 = now();
  for (let i = 0; i < n; i++) {
    const s = now();
    const h = await conn.sendRequest('textDocument/hover', hoverParams(i));
    lat[i] = now() - s;
    checkHover(h, i, wrong);
  }
  return { seconds: (now() - t0) / 1000, lat, wrong: wrong.count };
}

async function inFlight(conn, n, method, paramsOf, check) {
  const lat = new Float64Array(n);
  const wrong = { count: 0 };
  let next = 0;
  const t0 = now();
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const s = now();
      const r = await conn.sendRequest(method, paramsOf(i));
      lat[i] = now() - s;
      check(r, i, wrong);
    }
  };
  await Promise.all(Array.from({ length: INFLIGHT }, worker));
  return { seconds: (now() - t0) / 1000, lat, wrong: wrong.count };
}

function report(figure, run, n, extra = {}) {
  emit(figure, n / run.seconds, 'req/s', {
    n, seconds: run.seconds, p50_ms: percentile(run.lat, 0.5), p99_ms: percentile(run.lat, 0.99),
    max_ms: percentile(run.lat, 1), wrong: run.wrong, server_cpu_s: run.server_cpu_s, client_cpu_s: run.client_cpu_s,
    server_switches: run.server_switches,
    ...extra,
  });
}

async function flood(conn, n) {
  const text = 'x'.repeat(FLOOD_TEXT_BYTES - 1) + '\n';
  const t0 = now();
  const writes = [];
  for (let i = 0; i < n; i++) {
    version++;
    writes.push(conn.sendNotification('textDocument/didChange',
      { textDocument: { uri: URI, version }, contentChanges: [{ text }] }));
  }
  const queued = now() - t0;
  const h = await within('the hover after the flood',
    conn.sendRequest('textDocument/hover', hoverParams(7)));
  const seconds = (now() - t0) / 1000;
  await Promise.all(writes);
  const wrong = { count: 0 };
  checkHover(h, 7, wrong);
  if (wrong.count) throw new Error(`flood: the hover saw ${JSON.stringify(h)}, expected version ${version}`);
  return { seconds, n, text_bytes: FLOOD_TEXT_BYTES, queued_ms: queued, changes_per_s: n / seconds };
}

async function session() {
  const server = start();
  try {
    const startupMs = await initialize(server);
    const { conn } = server;
    conn.sendNotification('textDocument/didOpen',
      { textDocument: { uri: URI, languageId: 'plaintext', version, text: 'hello\n' } });

    const warm = await within('warm-up', (async () => {
      const a = await sequential(conn, N.warmSeq);
      const b = await inFlight(conn, N.warmPar, 'textDocument/hover', hoverParams, checkHover);
      await flood(conn, N.warmFlood);
      const d = await inFlight(conn, N.warmSleep, 'test/sleep', () => ({ ms: SLEEP_MS }),
        (r, i, wrong) => { if (r !== SLEEP_MS) wrong.count++; });
      return a.wrong + b.wrong + d.wrong;
    })());
    if (warm) throw new Error(`warm-up: ${warm} hovers answered wrongly`);

    const pid = server.child.pid;
    report('sequential', await within('sequential', measured(pid, () => sequential(conn, N.seq))), N.seq);
    report('inflight64', await within('64 in flight', measured(pid,
      () => inFlight(conn, N.par, 'textDocument/hover', hoverParams, checkHover))), N.par);
    const drained = await measured(pid, () => flood(conn, N.flood));
    emit('flood', drained.seconds, 's', { ...drained, seconds: undefined });
    report('sleep64', await within('test/sleep at 64 in flight', measured(pid, () => inFlight(conn, N.sleep,
      'test/sleep', () => ({ ms: SLEEP_MS }), (r, i, wrong) => { if (r !== SLEEP_MS) wrong.count++; }))), N.sleep,
    { sleep_ms: SLEEP_MS });

    const exit = await shutdownAndExit(server);
    return { startupMs, exit };
  } catch (e) {
    server.child.kill('SIGKILL');
    throw e;
  }
}

async function shortSession() {
  const server = start();
  try {
    const startupMs = await initialize(server);
    return { startupMs, exit: await shutdownAndExit(server) };
  } catch (e) {
    server.child.kill('SIGKILL');
    throw e;
  }
}

(async () => {
  try {
    const samples = [await session()];
    for (let i = 0; i < N.shortSessions; i++) samples.push(await shortSession());
    const startups = samples.map((s) => s.startupMs);
    const exits = samples.map((s) => s.exit.exitMs);
    const codes = samples.map((s) => s.exit.code);
    emit('startup', median(startups), 'ms', { samples: startups });
    emit('exit', median(exits), 'ms', { samples: exits, codes, shutdown_ms: samples.map((s) => s.exit.shutdownMs) });
    process.exit(0);
  } catch (e) {
    emit('error', null, null, { message: String(e && e.stack || e) });
    process.exit(1);
  }
})();

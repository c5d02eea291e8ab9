// bench/jsonrpc's MCP driver: one contender, one round. Spawns the server command given after `--` through the
// official TypeScript SDK's client (@modelcontextprotocol/sdk: Client + StdioClientTransport, jsonrpc/src/test/node's
// install) and prints one JSON line per figure: {"contender", "round", "figure", "value", "unit", ...}.
//
//   node bench/jsonrpc/mcp-bench.cjs --contender zsync --round 1 --log server.log [--smoke] -- java -cp ... Main
//
// connect (spawn -> initialize answered, initialized sent), tools/list (the tool `add` must be there), a warm-up,
// then N sequential tools/call round trips of add(i, 1), each answer checked; then client.close().
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');

const clients = createRequire(path.join(__dirname, '..', '..', 'jsonrpc', 'src', 'test', 'node', 'package.json'));
const { Client } = clients('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = clients('@modelcontextprotocol/sdk/client/stdio.js');

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
if (dash < 0 || dash === argv.length - 1) {
  console.error('usage: mcp-bench.cjs --contender NAME --round N --log FILE [--smoke] -- COMMAND ARGS...');
  process.exit(2);
}
const command = argv.slice(dash + 1);
const opts = {};
for (let i = 0; i < dash; i++) {
  const a = argv[i];
  if (a === '--smoke') opts.smoke = true;
  else opts[a.replace(/^--/, '')] = argv[++i];
}
const N = opts.smoke ? { warm: 500, calls: 2000 } : { warm: 5000, calls: 20000 };

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

function clientCpu() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

const emit = (figure, value, unit, extra) => console.log(JSON.stringify(
  { contender: opts.contender, round: Number(opts.round), figure, value, unit, ...extra }));
const now = () => performance.now();

function percentile(samples, p) {
  const sorted = Float64Array.from(samples).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

async function calls(client, n) {
  const lat = new Float64Array(n);
  let wrong = 0;
  const t0 = now();
  for (let i = 0; i < n; i++) {
    const s = now();
    const r = await client.callTool({ name: 'add', arguments: { a: i, b: 1 } });
    lat[i] = now() - s;
    const text = r && r.content && r.content.map((c) => c.text).join('');
    if (r.isError || text !== String(i + 1)) wrong++;
  }
  return { seconds: (now() - t0) / 1000, lat, wrong };
}

(async () => {
  const log = fs.openSync(opts.log, 'a');
  const watchdog = setTimeout(() => {
    emit('error', null, null, { message: 'no end within 10 minutes' });
    process.exit(1);
  }, 600000);
  let client;
  try {
    const transport = new StdioClientTransport({ command: command[0], args: command.slice(1), stderr: log });
    client = new Client({ name: 'zsync-bench', version: '1.0.0' });
    const t0 = now();
    await client.connect(transport);
    const connectMs = now() - t0;
    const { tools } = await client.listTools();
    if (!tools.some((t) => t.name === 'add')) throw new Error('tools/list has no add: ' + JSON.stringify(tools));

    const warm = await calls(client, N.warm);
    if (warm.wrong) throw new Error(`warm-up: ${warm.wrong} calls answered wrongly`);
    const s0 = cpuOf(transport.pid);
    const c0 = clientCpu();
    const run = await calls(client, N.calls);
    const serverCpu = cpuOf(transport.pid) - s0;
    const ownCpu = clientCpu() - c0;
    emit('tools_call', N.calls / run.seconds, 'calls/s', {
      n: N.calls, seconds: run.seconds, p50_ms: percentile(run.lat, 0.5), p99_ms: percentile(run.lat, 0.99),
      max_ms: percentile(run.lat, 1), wrong: run.wrong, server_cpu_s: serverCpu, client_cpu_s: ownCpu,
    });
    emit('mcp_startup', connectMs, 'ms', {});
    const closing = now();
    await client.close();
    emit('mcp_close', now() - closing, 'ms', {});
    clearTimeout(watchdog);
    process.exit(0);
  } catch (e) {
    emit('error', null, null, { message: String(e && e.stack || e) });
    try { if (client) await client.close(); } catch { /* reported above */ }
    process.exit(1);
  }
})();

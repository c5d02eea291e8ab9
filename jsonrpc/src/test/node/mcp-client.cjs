// Drives an MCP server (java -cp <cp> <main>) with the official TypeScript SDK's client over stdio.
// Prints one JSON line per scenario: {"scenario": name, "ok": bool, "detail": ...}.
'use strict';
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = require('@modelcontextprotocol/sdk/client/stdio.js');

const [java, classpath, mainClass] = process.argv.slice(2);
const report = (scenario, ok, detail) => console.log(JSON.stringify({ scenario, ok: !!ok, detail }));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const text = (result) => result.content.map((c) => c.text).join('');

(async () => {
  try {
    const transport = new StdioClientTransport({ command: java, args: ['-cp', classpath, mainClass], stderr: 'inherit' });
    const client = new Client({ name: 'zsync-test-client', version: '1.0.0' });
    const t0 = performance.now();
    await client.connect(transport);
    const info = client.getServerVersion();
    report('initialize', info && info.name === 'zsync-mcp-sample', { server: info, ms: Math.round(performance.now() - t0) });

    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name).sort();
    const add = tools.find((t) => t.name === 'add');
    report('tools/list', names.join(',') === 'add,jobs,slow_count,word_count'
      && add.inputSchema.required.join(',') === 'a,b', { names, add: add.inputSchema });

    report('tools/call', text(await client.callTool({ name: 'add', arguments: { a: 2, b: 40 } })) === '42'
      && text(await client.callTool({ name: 'word_count', arguments: { text: 'one two  three' } })) === '3', {});

    let invalid = null;
    try { await client.callTool({ name: 'add', arguments: { a: 'two', b: 1 } }); } catch (e) { invalid = e; }
    report('invalid arguments', invalid && invalid.code === -32602 && /arguments\.a/.test(invalid.message),
      { code: invalid && invalid.code, message: invalid && invalid.message });

    const steps = [];
    const counted = await client.callTool({ name: 'slow_count', arguments: { n: 3 } }, undefined,
      { onprogress: (p) => steps.push(p.progress) });
    report('progress', text(counted) === 'counted to 3' && steps.length >= 1, { steps });

    const abort = new AbortController();
    let begun = false;
    const slow = client.callTool({ name: 'slow_count', arguments: { n: 600 } }, undefined,
      { signal: abort.signal, onprogress: () => { begun = true; } });
    while (!begun) await sleep(5);
    const running = text(await client.callTool({ name: 'jobs', arguments: {} }));
    abort.abort('the test changed its mind');
    let rejected = false;
    try { await slow; } catch (e) { rejected = true; }
    let after = running;
    const deadline = performance.now() + 5000;
    while (after !== '0' && performance.now() < deadline) {
      await sleep(20);
      after = text(await client.callTool({ name: 'jobs', arguments: {} }));
    }
    report('cancel', rejected && running === '1' && after === '0', { runningBefore: running, runningAfter: after });

    const closedAt = performance.now();
    await client.close();
    report('close', true, { ms: Math.round(performance.now() - closedAt) });
  } catch (e) {
    report('client', false, String(e && e.stack || e));
  }
  process.exit(0);
})();

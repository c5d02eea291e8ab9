// Drives an LSP server (java -cp <cp> <main>) with vscode-jsonrpc, the client library VS Code's language client
// is built on. Prints one JSON line per scenario: {"scenario": name, "ok": bool, "detail": ...}.
'use strict';
const { spawn } = require('node:child_process');
const rpc = require('vscode-jsonrpc/node');

const [java, classpath, mainClass] = process.argv.slice(2);
const report = (scenario, ok, detail) => console.log(JSON.stringify({ scenario, ok: !!ok, detail }));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function start() {
  const child = spawn(java, ['-cp', classpath, mainClass], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve({ code, at: performance.now() })));
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout),
    new rpc.StreamMessageWriter(child.stdin));
  return { child, conn, exited };
}

async function until(what, predicate, ms = 10000) {
  const deadline = performance.now() + ms;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error('timed out waiting for ' + what);
    await sleep(5);
  }
}

async function session() {
  const t0 = performance.now();
  const { child, conn, exited } = start();
  const diagnostics = new Map();
  const progress = [];
  conn.onNotification('textDocument/publishDiagnostics', (p) => diagnostics.set(p.version, p.diagnostics));
  conn.onNotification('$/progress', (p) => progress.push(p.value.kind));
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.listen();
  const uri = 'file:///sample.txt';

  const init = await conn.sendRequest('initialize',
    { processId: process.pid, rootUri: null, capabilities: { window: { workDoneProgress: true } } });
  report('initialize', init.capabilities.hoverProvider === true && init.serverInfo.name === 'zsync-lsp-sample',
    { ms: Math.round(performance.now() - t0) });
  conn.sendNotification('initialized', {});

  conn.sendNotification('textDocument/didOpen',
    { textDocument: { uri, languageId: 'plaintext', version: 1, text: 'hello world\nTODO fix this\n' } });
  const hover = await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
  report('hover', hover && hover.contents === '`hello` (version 1)', hover);
  await until('diagnostics of version 1', () => diagnostics.has(1));
  report('diagnostics', diagnostics.get(1).length === 1 && diagnostics.get(1)[0].range.start.line === 1,
    diagnostics.get(1));

  conn.sendNotification('textDocument/didChange',
    { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'hello there\ngeneral kenobi\n' }] });
  const items = await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 } });
  const labels = items.map((i) => i.label);
  report('completion', ['hello', 'there', 'general', 'kenobi'].every((w) => labels.includes(w)), labels);

  // 1,000 change/hover pairs, 64 hovers in flight: each hover sees the version sent just before it
  let wrong = 0;
  const inflight = [];
  for (let v = 3; v < 1003; v++) {
    conn.sendNotification('textDocument/didChange',
      { textDocument: { uri, version: v }, contentChanges: [{ text: 'word' + v + '\n' }] });
    inflight.push(conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } })
      .then((h) => { if (h.contents !== '`word' + v + '` (version ' + v + ')') wrong++; }));
    if (inflight.length >= 64) await inflight.shift();
  }
  await Promise.all(inflight);
  report('ordering', wrong === 0, { pairs: 1000, wrong });

  // a slow command cancelled once its progress began: -32800, and its progress still ends
  conn.sendNotification('textDocument/didChange',
    { textDocument: { uri, version: 2000 }, contentChanges: [{ text: 'a b\nc d\ne f\ng h\ni j\nk l\nm n\n' }] });
  const source = new rpc.CancellationTokenSource();
  progress.length = 0;
  const counting = conn.sendRequest('sample/countWords', { uri }, source.token);
  await until('progress begin', () => progress.includes('begin'));
  const cancelledAt = performance.now();
  source.cancel();
  let code = null;
  try { await counting; } catch (e) { code = e.code; }
  const cancelMs = performance.now() - cancelledAt;
  await until('progress end', () => progress.includes('end'));
  report('cancel', code === -32800, { code, ms: Math.round(cancelMs), progress: [...new Set(progress)] });

  const words = await conn.sendRequest('sample/countWords', { uri });
  report('slow command', words === 14, { words });

  const shutdown = await conn.sendRequest('shutdown');
  const exitSent = performance.now();
  conn.sendNotification('exit');
  const gone = await Promise.race([exited, sleep(5000).then(() => null)]);
  report('exit', gone !== null && gone.code === 0 && shutdown === null,
    { code: gone && gone.code, ms: gone && Math.round(gone.at - exitSent) });
  conn.dispose();
  if (gone === null) child.kill('SIGKILL');
}

async function endOfInput() {
  const { child, conn, exited } = start();
  conn.listen();
  await conn.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
  const closedAt = performance.now();
  child.stdin.end();
  const gone = await Promise.race([exited, sleep(5000).then(() => null)]);
  report('end of input', gone !== null && gone.code === 1, { code: gone && gone.code, ms: gone && Math.round(gone.at - closedAt) });
  conn.dispose();
  if (gone === null) child.kill('SIGKILL');
}

(async () => {
  try {
    await session();
    await endOfInput();
  } catch (e) {
    report('client', false, String(e && e.stack || e));
  }
  process.exit(0);
})();

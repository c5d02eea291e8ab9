// An editor stand-in: starts a language server (argv: java, class path, main class, args...), initializes it with
// this process's id, prints the server's pid, then waits to be killed (the test kills it with SIGKILL).
'use strict';
const { spawn } = require('node:child_process');
const rpc = require('vscode-jsonrpc/node');

const [java, classpath, mainClass, ...args] = process.argv.slice(2);
const child = spawn(java, ['-cp', classpath, mainClass, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
conn.listen();
conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} }).then(() => {
  console.log(JSON.stringify({ server: child.pid }));
});
setInterval(() => {}, 1000);

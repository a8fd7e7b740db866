/**
 * Where a playground call's time goes on the server: a CPU profile (node:inspector)
 * of connect…close cycles through a real server and its WebSocket, each sample's
 * self time put in the part of the code it ran in (observation, sock_diag, capture,
 * JSON, schemas, ws, xstate, …). Not a figure with a budget: a map for the next fix.
 * Run: npm run bench
 */
import { writeFileSync } from 'node:fs';
import { Session as Inspector } from 'node:inspector/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedReactor } from '@socklab/kernel';
import { silentLogger, startServer } from '@socklab/server';
import { resultsDir } from './lib/figures.ts';
import { cycleThroughPlayground } from './lib/playgroundCalls.ts';
import { benchClient } from './lib/wsClient.ts';

const webRoot = join(fileURLToPath(new URL('..', import.meta.url)), 'apps/web/dist');
const cycles = 60;

type Node = { id: number; callFrame: { url: string; functionName: string }; hitCount?: number; children?: number[] };

const parts: [RegExp, string][] = [
  [/bench\//, 'the bench client (not the server)'],
  [
    /observe\/(sockDiag|socketTable|tableObserver|diagSocket|owner|procNetTcp)/,
    'kernel table: sock_diag dump/lookup + rows',
  ],
  [/observe\/(tcpInfo|observation)/, 'TCP_INFO observation'],
  [/kernel\/src\/capture/, 'packet capture: drain + decode'],
  [/kernel\/src\/(libc|lab|calls|prepare|reactor|netns)|koffi/, 'the call itself: libc via koffi, reactor'],
  [/server\/src\/lab\/kernelTable/, 'server: kernel.table event (rows, timers)'],
  [/server\/src\/lab\/wire/, 'server: packet events'],
  [/server\/src\/lab\/sockets/, 'server: socket.state events'],
  [/server\/src\/eventLog/, 'server: event log (seq, bounds)'],
  [/server\/src\//, 'server: other (session, playground, runner)'],
  [/lifecycle\/|xstate/, 'lifecycle machines (xstate)'],
  [/valibot|protocol\/src/, 'protocol: schemas (valibot), codec'],
  [/node_modules\/ws\//, 'ws: framing, send'],
];

function partOf(url: string): string | null {
  if (url === '') return null;
  for (const [re, name] of parts) if (re.test(url)) return name;
  return url.startsWith('node:')
    ? 'node internals (net, streams, timers)'
    : `other: ${url.split('/').slice(-2).join('/')}`;
}

const server = await startServer({ port: 0, webRoot, logger: silentLogger });
const c = benchClient(server);
await c.open;
const inspector = new Inspector();
inspector.connect();
let lines: string[] = [];
try {
  await c.until({ type: 'playground.start' }, (e) => e.type === 'lesson.ready');
  for (let i = 0; i < 5; i++) await cycleThroughPlayground(c);
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.setSamplingInterval', { interval: 100 });
  await inspector.post('Profiler.start');
  const start = performance.now();
  for (let i = 0; i < cycles; i++) {
    if (i % 50 === 49) await c.until({ type: 'playground.start' }, (e) => e.type === 'lesson.ready');
    await cycleThroughPlayground(c);
  }
  const wallMs = performance.now() - start;
  const { profile } = await inspector.post('Profiler.stop');
  const nodes = new Map<number, Node>((profile.nodes as Node[]).map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of nodes.values()) for (const child of n.children ?? []) parent.set(child, n.id);
  const deltas = profile.timeDeltas ?? [];
  const selfMs = new Map<number, number>();
  const samples: number[] = profile.samples ?? [];
  for (const [i, id] of samples.entries()) selfMs.set(id, (selfMs.get(id) ?? 0) + (deltas[i] ?? 0) / 1000);
  const byPart = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const node = nodes.get(id);
    if (node === undefined) continue;
    const fn = node.callFrame.functionName;
    let part = partOf(node.callFrame.url);
    if (part === null) {
      // A builtin (JSON, GC, idle): charged to what called it.
      let up = parent.get(id);
      while (up !== undefined && part === null) {
        part = partOf(nodes.get(up)?.callFrame.url ?? '');
        up = parent.get(up);
      }
      if (fn === '(idle)') part = 'idle (waiting for the kernel, the client)';
      else if (fn === '(garbage collector)') part = 'garbage collection';
      else if (fn === '(program)') part = 'V8/native outside JS';
      else if (/^(stringify|parse)$/.test(fn)) part = `JSON.${fn} (from ${part ?? '?'})`;
      else part ??= `native: ${fn}`;
    }
    byPart.set(part, (byPart.get(part) ?? 0) + ms);
  }
  const calls = cycles * 12;
  const total = [...byPart.values()].reduce((a, b) => a + b, 0);
  lines = [
    `Where a playground call's time goes on the server: CPU profile of ${cycles} connect…close cycles (${calls} calls through a server and its WebSocket, in one process with the client), ${wallMs.toFixed(0)} ms wall, ${(wallMs / calls).toFixed(2)} ms a call.`,
    '',
    '| part | ms a call | share |',
    '|---|---|---|',
    ...[...byPart]
      .sort((a, b) => b[1] - a[1])
      .filter(([, ms]) => ms / total >= 0.005)
      .map(([part, ms]) => `| ${part} | ${(ms / calls).toFixed(3)} | ${((100 * ms) / total).toFixed(1)} % |`),
    '',
  ];
} finally {
  inspector.disconnect();
  c.close();
  await server.close();
  await sharedReactor().close();
}
writeFileSync(`${resultsDir}profile.md`, lines.join('\n'));
console.log(lines.join('\n'));
process.exit(0);

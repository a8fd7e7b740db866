/**
 * Class mode (issue 10): how long a teacher's lesson step takes to reach 100
 * viewers, beside a reference: a bare `ws` broadcast of the same bytes (every
 * event of the same steps) to 100 clients, in the same run and process.
 *
 *   deliver  one event, from the moment the server appended it to the moment one viewer had it
 *   step     one step, from the moment its last event (lesson.ready / lesson.end) was appended
 *            to the moment the 100th viewer had it
 *
 * Everything runs on loopback (the class address is 127.0.0.2); the clients share
 * the server's process and event loop, so both rows carry that cost alike.
 * Run: npx tsx --import ./.config/rawText.mjs bench/class.bench.ts
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, silentLogger, startServer } from '@socklab/server';
import { WebSocket, WebSocketServer } from 'ws';
import { quantile } from './lib/figures.ts';

const viewers = 100;
const runs = 5;
const lesson = 'hello';

type Stamp = { seq: number; at: number; last: boolean };

/** Opens `count` clients and resolves once all are open; each message's arrival time goes to `onMessage`. */
async function clients(
  count: number,
  url: string,
  origin: string,
  onMessage: (i: number, data: string, at: number) => void,
) {
  const list = Array.from({ length: count }, (_, i) => {
    const ws = new WebSocket(url, { origin });
    ws.on('message', (data) => onMessage(i, String(data), performance.now()));
    return ws;
  });
  await Promise.all(list.map((ws) => new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))));
  return list;
}

/** Runs the lesson `runs` times as a teacher with 100 viewers; returns the per-event and per-step delays and the bytes sent. */
async function classRun(server: RunningServer) {
  const room = server.class;
  if (!room) throw new Error('not in class mode');
  const stamps = new Map<number, Stamp>();
  const got = new Map<number, number[]>();
  const { address, port } = room.listener;
  const viewerList = await clients(
    viewers,
    `ws://${address}:${port}/ws?view=${room.room.token}`,
    `http://${address}:${port}`,
    (_i, data, at) => {
      const seq = (JSON.parse(data) as { seq: number }).seq;
      const list = got.get(seq) ?? [];
      list.push(at);
      got.set(seq, list);
    },
  );
  const teacherEvents: { type: string; seq: number }[] = [];
  const teacher = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {
    origin: `http://127.0.0.1:${server.port}`,
  });
  let wake: (() => void) | undefined;
  teacher.on('message', (data) => {
    teacherEvents.push(JSON.parse(String(data)) as { type: string; seq: number });
    wake?.();
  });
  await new Promise((resolve) => teacher.once('open', resolve));
  const until = (check: () => boolean) =>
    new Promise<void>((resolve) => {
      if (check()) return resolve();
      wake = () => {
        if (check()) {
          wake = undefined;
          resolve();
        }
      };
    });
  await until(() => teacherEvents.some((e) => e.type === 'session.hello'));
  const session = room.room.following;
  if (!session) throw new Error('no session followed');
  session.log.subscribe((event) => {
    stamps.set(event.seq, {
      seq: event.seq,
      at: performance.now(),
      last: event.type === 'lesson.ready' || event.type === 'lesson.end',
    });
  });
  const sent: string[][] = [];
  for (let r = 0; r < runs; r++) {
    teacher.send(JSON.stringify({ type: 'lesson.load', lesson }));
    await until(() => teacherEvents.at(-1)?.type === 'lesson.ready');
    for (;;) {
      const from = teacherEvents.length;
      teacher.send(JSON.stringify({ type: 'lesson.step' }));
      await until(() => teacherEvents.slice(from).some((e) => e.type === 'lesson.ready' || e.type === 'lesson.end'));
      const step = teacherEvents.slice(from);
      sent.push(step.map((e) => JSON.stringify(e)));
      const last = step.at(-1);
      if (last) await waitFor(() => (got.get(last.seq)?.length ?? 0) === viewers);
      if (step.some((e) => e.type === 'lesson.end')) break;
    }
  }
  teacher.close();
  for (const ws of viewerList) ws.close();
  // Only the steps' events count (not the loads'): the reference sends exactly those.
  const stepped = new Set(sent.flat().map((json) => (JSON.parse(json) as { seq: number }).seq));
  for (const seq of stamps.keys()) if (!stepped.has(seq)) stamps.delete(seq);
  return { ...measure(stamps, got), sent };
}

function measure(stamps: Map<number, Stamp>, got: Map<number, number[]>) {
  const deliver: number[] = [];
  const step: number[] = [];
  for (const stamp of stamps.values()) {
    const arrivals = got.get(stamp.seq) ?? [];
    for (const at of arrivals) deliver.push(at - stamp.at);
    if (stamp.last && arrivals.length === viewers) step.push(Math.max(...arrivals) - stamp.at);
  }
  return { deliver, step };
}

/** The reference: the same steps' bytes broadcast by a bare ws server to 100 clients. */
async function referenceRun(steps: string[][]) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  const { port } = wss.address() as { port: number };
  const got = new Map<number, number[]>();
  const list = await clients(viewers, `ws://127.0.0.1:${port}`, 'http://127.0.0.1', (_i, data, at) => {
    const seq = (JSON.parse(data) as { seq: number }).seq;
    const arrivals = got.get(seq) ?? [];
    arrivals.push(at);
    got.set(seq, arrivals);
  });
  await waitFor(() => wss.clients.size === viewers);
  const stamps = new Map<number, Stamp>();
  let seq = 0;
  for (const step of steps) {
    const first = seq;
    for (const [i, json] of step.entries()) {
      // The same bytes, renumbered so each event is told apart across runs.
      const bytes = Buffer.from(json.replace(/"seq":\d+/, `"seq":${seq}`));
      stamps.set(seq, { seq, at: performance.now(), last: i === step.length - 1 });
      for (const ws of wss.clients) ws.send(bytes, { binary: false });
      seq++;
    }
    if (seq > first) await waitFor(() => (got.get(seq - 1)?.length ?? 0) === viewers);
  }
  for (const ws of list) ws.close();
  await new Promise((resolve) => wss.close(resolve));
  return measure(stamps, got);
}

async function waitFor(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

const webRoot = mkdtempSync(join(tmpdir(), 'socklab-bench-web-'));
writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>socklab</title>');
const server = await startServer({ port: 0, webRoot, logger: silentLogger, class: { address: '127.0.0.2' } });
try {
  const ours = await classRun(server);
  const reference = await referenceRun(ours.sent);
  const bytes = ours.sent.flat().reduce((n, json) => n + Buffer.byteLength(json), 0);
  console.log(
    `${viewers} viewers, ${runs} runs of ${lesson}: ${ours.sent.length} steps, ${ours.sent.flat().length} events, ${(bytes / 1024).toFixed(0)} KiB to each viewer`,
  );
  const row = (name: string, what: string, values: number[]) =>
    console.log(
      `${name.padEnd(10)} ${what.padEnd(8)} p50 ${quantile(values, 0.5).toFixed(2).padStart(7)} ms   p95 ${quantile(values, 0.95).toFixed(2).padStart(7)} ms   n=${values.length}`,
    );
  row('socklab', 'deliver', ours.deliver);
  row('reference', 'deliver', reference.deliver);
  row('socklab', 'step', ours.step);
  row('reference', 'step', reference.step);
} finally {
  await server.close();
  const { sharedReactor } = await import('@socklab/kernel');
  await sharedReactor().close();
}

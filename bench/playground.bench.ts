/**
 * The playground's figures, through a real server and its WebSocket: `bind()` until its
 * last event (the kernel table read after it) beside the libc call through the driver;
 * a socket/bind/listen/connect/accept/write/read/close cycle beside node:net doing the
 * same and the driver alone.
 * Run: npm run bench
 */

import { type AddressInfo, createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Lab, sharedReactor } from '@socklab/kernel';
import { silentLogger, startServer } from '@socklab/server';
import { type Figure, figure, quantile, saveFigures, unmeasured } from './lib/figures.ts';
import { call, cycleThroughPlayground } from './lib/playgroundCalls.ts';
import { type BenchClient, benchClient } from './lib/wsClient.ts';

const webRoot = join(fileURLToPath(new URL('..', import.meta.url)), 'apps/web/dist');
const figures: Figure[] = [];

const started = (c: BenchClient) => c.until({ type: 'playground.start' }, (e) => e.type === 'lesson.ready');

async function bindFigure(c: BenchClient): Promise<Figure> {
  const iterations = 300;
  const ours: number[] = [];
  await started(c);
  for (let i = 0; i < iterations + 20; i++) {
    // A run may create 256 sockets: start the playground over now and then.
    if (i % 200 === 199) await started(c);
    const id = (await call(c, 'server', { syscall: 'socket' })).created;
    const start = performance.now();
    await call(c, 'server', { syscall: 'bind', socket: id, host: '127.0.0.1', port: 0 });
    if (i >= 20) ours.push(performance.now() - start);
    await call(c, 'server', { syscall: 'close', socket: id });
  }
  return figure({
    id: 'playground-bind',
    name: 'playground `bind()` until its last event',
    times: ours,
    reference: { name: 'bind() through the driver (libc)', times: driverBindTimes },
    budget: 'p50 ≤ 0.5 ms, p99 ≤ 3 ms (the step budget)',
    check: (s) => s.median <= 0.5 && s.p99 <= 3,
  });
}
let driverBindTimes: number[] = [];

async function cycleThroughDriver(lab: Lab): Promise<number> {
  const start = performance.now();
  const s = lab.socket('inet').created as string;
  lab.bind(s, { host: '127.0.0.1', port: 0 });
  lab.listen(s, 5);
  const port = lab.getsockname(s).address?.port as number;
  const k = lab.socket('inet').created as string;
  await lab.connect(k, { host: '127.0.0.1', port });
  const a = (await lab.accept(s)).created as string;
  await lab.write(k, new TextEncoder().encode('hello'));
  await lab.read(a, 64);
  lab.close(k);
  lab.close(a);
  lab.close(s);
  return performance.now() - start;
}

function cycleThroughNodeNet(): Promise<number> {
  const start = performance.now();
  return new Promise((done, fail) => {
    const server = createServer((conn) => {
      conn.once('data', () => {
        conn.destroy();
        server.close(() => done(performance.now() - start));
      });
    });
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const k = createConnection((server.address() as AddressInfo).port, '127.0.0.1', () => {
        k.end('hello');
      });
      k.on('error', () => {});
    });
  });
}

async function cycleFigure(c: BenchClient): Promise<Figure> {
  const iterations = 60;
  await started(c);
  const ours: number[] = [];
  for (let i = 0; i < iterations + 5; i++) {
    if (i % 60 === 59) await started(c);
    const ms = await cycleThroughPlayground(c);
    if (i >= 5) ours.push(ms);
  }
  const netTimes: number[] = [];
  for (let i = 0; i < iterations + 5; i++) {
    const ms = await cycleThroughNodeNet();
    if (i >= 5) netTimes.push(ms);
  }
  const lab = new Lab();
  const driver: number[] = [];
  for (let i = 0; i < iterations + 5; i++) {
    const ms = await cycleThroughDriver(lab);
    if (i >= 5) driver.push(ms);
  }
  lab.closeAll();
  return figure({
    id: 'playground-cycle',
    name: 'socket/bind/listen/connect/accept/write/read/close cycle through the playground (12 calls)',
    times: ours,
    reference: { name: 'node:net doing the same', times: netTimes },
    budget: 'median ≤ 6 ms: 12 calls × the step budget (p50 ≤ 0.5 ms)',
    check: (s) => s.median <= 6,
    note: `the driver alone (libc through koffi, no server): p50 ${quantile(driver, 0.5).toFixed(2)} ms; each call is a step through the server (a command over the WebSocket, the syscall, its observation, its events), so its budget is the step's; ×1.5 node:net is the budget of the \`load\` lesson's work, which runs through the driver without a round trip per call`,
  });
}

const server = await startServer({ port: 0, webRoot, logger: silentLogger });
const c = benchClient(server);
await c.open;
try {
  // The driver's reference first, on a quiet process.
  {
    const lab = new Lab();
    driverBindTimes = [];
    for (let i = 0; i < 320; i++) {
      const id = lab.socket('inet').created as string;
      const start = performance.now();
      lab.bind(id, { host: '127.0.0.1', port: 0 });
      if (i >= 20) driverBindTimes.push(performance.now() - start);
      lab.close(id);
    }
    lab.closeAll();
  }
  const measures: [string, string, string, () => Promise<Figure>][] = [
    ['playground-bind', 'playground `bind()` until its last event', 'p50 ≤ 0.5 ms, p99 ≤ 3 ms', () => bindFigure(c)],
    ['playground-cycle', 'a connect…close cycle through the playground', 'median ≤ 6 ms', () => cycleFigure(c)],
  ];
  for (const [id, name, budget, run] of measures) {
    try {
      figures.push(await run());
    } catch (error) {
      figures.push(unmeasured(id, name, budget, error));
    }
  }
} finally {
  c.close();
  await server.close();
  await sharedReactor().close();
}
saveFigures(import.meta.filename, figures);

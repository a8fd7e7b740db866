/**
 * The server's figures: one lesson step through the server (command → syscall →
 * observation → the step's last event, `lesson.ready`/`lesson.end`) over every lesson,
 * beside a ws echo of the same bytes in the same number of messages; server start →
 * first HTTP 200 beside bare node:http; the initial web bundle (gz) and how it is served.
 * Run: npm run bench
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { sharedReactor } from '@socklab/kernel';
import { lessons } from '@socklab/lessons';
import type { SocklabEvent } from '@socklab/protocol';
import { Recordings, Session, silentLogger, startServer } from '@socklab/server';
import { WebSocket, WebSocketServer } from 'ws';
import { type Figure, figure, quantile, saveFigures, unmeasured } from './lib/figures.ts';
import { benchClient } from './lib/wsClient.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const webRoot = join(repo, 'apps/web/dist');
const rounds = Number(process.env.SOCKLAB_BENCH_ROUNDS ?? 5);
const figures: Figure[] = [];

const stepDone = (e: SocklabEvent) => e.type === 'lesson.ready' || e.type === 'lesson.end' || e.type === 'error';

async function stepFigure(): Promise<Figure> {
  const name = `lesson step through the server, all lessons × ${rounds}`;
  const budget = 'p50 ≤ 0.5 ms, p99 ≤ 3 ms, ≤ ×2 echo';
  // Each lesson run recorded, as `socklab serve` does by default.
  const recordingsDir = mkdtempSync(join(tmpdir(), 'socklab-bench-rec-'));
  const recordings = new Recordings(recordingsDir);
  const server = await startServer({ port: 0, webRoot, logger: silentLogger, recordings });
  const skipped = new Set<string>();
  const times: number[] = [];
  const shapes: number[][] = [];
  try {
    const c = benchClient(server);
    await c.open;
    for (let r = 0; r < rounds; r++) {
      for (const lesson of lessons) {
        if (skipped.has(lesson.id)) continue;
        await c.until({ type: 'lesson.load', lesson: lesson.id, params: { port: 0 } }, stepDone);
        for (let step = 0; step < 200; step++) {
          const start = performance.now();
          let waited = false;
          const sizes = await c.until({ type: 'lesson.step' }, (e) => {
            if (e.type === 'lesson.wait') waited = true;
            return stepDone(e) || e.type === 'lesson.wait';
          });
          const ms = performance.now() - start;
          if (waited) {
            // This step waits for another program (not part of a server step): the lesson is left out.
            skipped.add(lesson.id);
            break;
          }
          times.push(ms);
          shapes.push(sizes);
          const last = c.seen.at(-1);
          // The client shares the server's process: it keeps no history, so its heap is not the server's GC work.
          c.seen.length = 0;
          if (last?.type !== 'lesson.ready') break;
        }
      }
    }
    c.close();
  } finally {
    await server.close();
  }
  const direct = await directTimes(skipped, recordings);
  rmSync(recordingsDir, { recursive: true, force: true });
  const echo = await echoTimes(shapes);
  const bytes = shapes.reduce((a, s) => a + s.reduce((x, y) => x + y, 0), 0) / shapes.length;
  const messages = shapes.reduce((a, s) => a + s.length, 0) / shapes.length;
  return figure({
    id: 'server-step',
    name,
    times,
    reference: {
      name: `ws echo of the same bytes (${(bytes / 1024).toFixed(1)} KB in ${messages.toFixed(1)} messages)`,
      times: echo,
    },
    budget,
    check: (s, ratio) => s.median <= 0.5 && s.p99 <= 3 && (ratio ?? Infinity) <= 2,
    note: `${times.length} steps of ${lessons.length - skipped.size} lessons${skipped.size > 0 ? `; left out (a step waits for another program): ${[...skipped].join(', ')}` : ''}; each run recorded, as \`socklab serve\` does; the same steps handed to the session directly (no WebSocket; the syscall, its observation, every event stamped, serialised and recorded): p50 ${quantile(direct, 0.5).toFixed(3)} ms, p99 ${quantile(direct, 0.99).toFixed(2)} ms (×${(quantile(direct, 0.5) / quantile(echo, 0.5)).toFixed(1)} the echo)`,
  });
}

/** ms of each lesson step handed to a `Session` directly: the server's own work, without the WebSocket. */
async function directTimes(skipped: ReadonlySet<string>, recordings: Recordings): Promise<number[]> {
  const times: number[] = [];
  const session = new Session({ id: 'bench', logger: silentLogger, recordings });
  let last: SocklabEvent | undefined;
  session.log.subscribe((event) => {
    last = event;
  });
  try {
    session.hello();
    for (let r = 0; r < rounds; r++) {
      for (const lesson of lessons) {
        if (skipped.has(lesson.id)) continue;
        await session.handle(JSON.stringify({ type: 'lesson.load', lesson: lesson.id, params: { port: 0 } }));
        for (let step = 0; step < 200 && last?.type === 'lesson.ready'; step++) {
          const start = performance.now();
          await session.handle('{"type":"lesson.step"}');
          times.push(performance.now() - start);
        }
      }
    }
  } finally {
    session.close();
  }
  return times;
}

/** A ws echo server answering each request with messages of the sizes asked for, timed at the client. */
async function echoTimes(shapes: readonly number[][]): Promise<number[]> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (ws) =>
    ws.on('message', (data) => {
      const sizes = JSON.parse(String(data)) as number[];
      for (const size of sizes) ws.send('x'.repeat(size));
    }),
  );
  await new Promise<void>((ok) => http.listen(0, '127.0.0.1', ok));
  const ws = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}`);
  await new Promise((ok) => ws.once('open', ok));
  const times: number[] = [];
  for (const sizes of shapes) {
    const start = performance.now();
    await new Promise<void>((ok) => {
      let left = sizes.length;
      const onMessage = () => {
        if (--left === 0) {
          ws.off('message', onMessage);
          ok();
        }
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify(sizes));
    });
    times.push(performance.now() - start);
  }
  ws.close();
  wss.close();
  await new Promise((ok) => http.close(ok));
  return times;
}

/** ms from spawning `args` until an HTTP GET of the URL it prints answers 200. */
async function startTo200(args: string[], urlOf: (line: string) => string | null): Promise<number> {
  const start = performance.now();
  const child = spawn(process.execPath, args, { cwd: repo, stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const url = await new Promise<string>((ok, fail) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        for (const line of out.split('\n')) {
          const u = urlOf(line);
          if (u !== null) return ok(u);
        }
      });
      child.once('exit', (code) => fail(new Error(`exited ${code} before printing a URL`)));
    });
    const status = await new Promise<number>((ok, fail) =>
      get(url, (res) => {
        res.resume();
        ok(res.statusCode ?? 0);
      }).on('error', fail),
    );
    if (status !== 200) throw new Error(`GET ${url} answered ${status}`);
    return performance.now() - start;
  } finally {
    child.kill('SIGTERM');
    await new Promise((ok) => (child.exitCode === null ? child.once('exit', ok) : ok(null)));
  }
}

async function startFigure(): Promise<Figure> {
  const cli = join(repo, 'apps/server/dist/cli.js');
  if (!existsSync(cli)) throw new Error('apps/server/dist/cli.js is missing: run `npm run build` first');
  const bare = `const s=require('node:http').createServer((q,r)=>r.end('ok'));s.listen(0,'127.0.0.1',()=>console.log('http://127.0.0.1:'+s.address().port+'/'))`;
  const ours: number[] = [];
  const ref: number[] = [];
  for (let i = 0; i < 7; i++) {
    ours.push(await startTo200([cli, 'serve', '--port', '0'], (l) => /^socklab: (http:\S+)$/.exec(l)?.[1] ?? null));
    ref.push(await startTo200(['-e', bare], (l) => (/^http:\S+$/.test(l) ? l : null)));
  }
  return figure({
    id: 'server-start',
    name: '`socklab serve` start → first HTTP 200',
    times: ours,
    reference: { name: 'bare node:http', times: ref },
    budget: '≤ 1 s',
    check: (s) => s.median <= 1000,
  });
}

async function bundleFigures(): Promise<Figure[]> {
  const index = readFileSync(join(webRoot, 'index.html'), 'utf8');
  // The initial bundle: what index.html loads before anything else (scripts, module preloads, styles).
  const assets = [...index.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1] as string);
  const sizes = assets.map((a) => gzipSync(readFileSync(join(webRoot, a)), { level: 9 }).length / 1024);
  const js = assets.filter((a) => a.endsWith('.js'));
  const total = sizes.reduce((a, b) => a + b, 0);
  const maps = readdirSync(join(webRoot, 'assets')).filter((f) => f.endsWith('.map'));
  const server = await startServer({ port: 0, webRoot, logger: silentLogger });
  let encoding = '';
  let mapStatus = 0;
  let wire = 0;
  try {
    const fetchHead = (path: string) =>
      new Promise<{ status: number; encoding: string; bytes: number }>((ok, fail) =>
        get(
          `http://127.0.0.1:${server.port}/${path}`,
          { headers: { 'accept-encoding': 'gzip, br', host: `127.0.0.1:${server.port}` } },
          (res) => {
            let bytes = 0;
            res.on('data', (c: Buffer) => (bytes += c.length));
            res.on('end', () =>
              ok({
                status: res.statusCode ?? 0,
                encoding: String(res.headers['content-encoding'] ?? 'identity'),
                bytes,
              }),
            );
          },
        ).on('error', fail),
      );
    for (const asset of assets) wire += (await fetchHead(asset)).bytes / 1024;
    encoding = (await fetchHead(js[0] ?? 'index.html')).encoding;
    if (maps[0] !== undefined) mapStatus = (await fetchHead(`assets/${maps[0]}`)).status;
  } finally {
    await server.close();
  }
  // Compressed, and the source map (kept in dist for debugging) is not served.
  const compressed = encoding !== 'identity' && (maps.length === 0 || mapStatus === 404);
  return [
    {
      id: 'bundle-size',
      name: `initial web bundle, gz (${assets.length} files index.html loads)`,
      unit: 'KB',
      n: 1,
      median: total,
      p95: null,
      p99: null,
      reference: null,
      ratio: null,
      budget: '≤ 250 KB',
      pass: total <= 250,
    },
    {
      id: 'bundle-served-compressed',
      name: 'the bundle is served compressed',
      unit: 'bool',
      n: 1,
      median: compressed ? 1 : 0,
      p95: null,
      p99: null,
      reference: null,
      ratio: null,
      budget: 'yes, and no source map served',
      pass: compressed,
      note: `content-encoding: ${encoding}, ${wire.toFixed(1)} KB on the wire for the ${assets.length} files; a source map ${maps.length === 0 ? 'is not built' : `answers HTTP ${mapStatus}`}`,
    },
  ];
}

const measures: [string, string, string, () => Promise<Figure | Figure[]>][] = [
  ['server-step', 'lesson step through the server', 'p50 ≤ 0.5 ms, p99 ≤ 3 ms, ≤ ×2 echo', stepFigure],
  ['server-start', '`socklab serve` start → first HTTP 200', '≤ 1 s', startFigure],
  ['bundle-size', 'initial web bundle, gz', '≤ 250 KB', bundleFigures],
];
for (const [id, name, budget, run] of measures) {
  try {
    figures.push(...[await run()].flat());
  } catch (error) {
    figures.push(unmeasured(id, name, budget, error));
  }
}
await sharedReactor().close();
saveFigures(import.meta.filename, figures);

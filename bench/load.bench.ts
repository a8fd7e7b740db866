/**
 * The scale figure of issue 13: the `load` lesson's work (N clients connect,
 * send, read the echo and close against one listener) through socklab's
 * driver (libc via koffi, the reactor; `runLoad` in packages/kernel), beside
 * node:net doing the same work in the same run.
 * Run: npx tsx --import ./.config/rawText.mjs bench/load.bench.ts
 */
import { Lab, type LoadOutcome, NetNamespace, runLoad } from '@socklab/kernel';
import { loadSampleMs } from '@socklab/server';
import { bareNodeRssMb } from './lib/bareSockets.ts';
import { launchChromium } from './lib/chromium.ts';
import { type Figure, figure, saveFigures, stats, unmeasured } from './lib/figures.ts';
import { loadThroughNodeNet } from './lib/netLoad.ts';
import { memoryOf, serveApp } from './lib/serveApp.ts';
import { benchClient } from './lib/wsClient.ts';

const clients = 1000;
const backlog = 1024;
const message = Buffer.from('hello, socklab');
const runs = 7;

let network = '';

// As the lesson runs as root: each run in a network namespace of its own (its table holds only the run's sockets).
async function throughDriver(): Promise<{
  ms: number;
  made: number;
  planned: number;
  samples: number;
  libc: LoadOutcome['libc'];
}> {
  const made = NetNamespace.create();
  network = made.ns ? 'each driver run in a network namespace of its own' : `on the host's network (${made.reason})`;
  const lab = new Lab({ limits: { maxSockets: 2 * clients + 1 }, netns: made.ns });
  let samples = 0;
  try {
    const out = await runLoad(lab, { clients, port: 0, backlog, message, sampleMs: loadSampleMs }, () => {
      samples++;
    });
    return { ms: out.durationMs, made: out.tally.made, planned: out.planned, samples, libc: out.libc };
  } finally {
    lab.closeAll();
    made.ns?.close();
  }
}

async function loadFigure(): Promise<Figure> {
  const ours: number[] = [];
  const net: number[] = [];
  let accounted = true;
  let samples = 0;
  let libc: LoadOutcome['libc'] | null = null;
  // One warm-up of each, then the two alternate so that the machine's load falls on both alike.
  await throughDriver();
  await loadThroughNodeNet(clients, backlog, message);
  for (let i = 0; i < runs; i++) {
    const r = await throughDriver();
    ours.push(r.ms);
    samples += r.samples;
    libc = r.libc;
    if (r.made !== r.planned) accounted = false;
    net.push(await loadThroughNodeNet(clients, backlog, message));
  }
  return figure({
    id: 'load-driver',
    name: `the \`load\` lesson's work: ${clients.toLocaleString('en')} clients connect, send, read the echo and close, through socklab's driver`,
    times: ours,
    reference: { name: 'node:net doing the same', times: net },
    budget: '≤ ×1.5 node:net, every call accounted for',
    check: (_s, ratio) => accounted && (ratio ?? Infinity) <= 1.5,
    note: `${runs} runs each, alternating; every run's tally ${accounted ? 'made every one' : 'did NOT make every one'} of its ${(10 * clients + 4).toLocaleString('en')} calls; the driver's runs include ${(samples / runs).toFixed(1)} sock_diag samples of the port each; ${network}; ${libcNote(libc)}`,
  });
}

// What each side does beside the same TCP work: the driver's libc calls counted by the run itself; node:net's described.
function libcNote(libc: LoadOutcome['libc'] | null): string {
  if (!libc) return 'no libc counts';
  const total = Object.values(libc).reduce((a, b) => a + b, 0);
  const each = Object.entries(libc)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name} ${n.toLocaleString('en')}`)
    .join(', ');
  return `the clients' and connections' libc calls in the last run: ${total.toLocaleString('en')} (${each}): every C call once, and a read() or accept() that would block twice: its EAGAIN, then the call again on readiness; each socket pinned to lo (SO_BINDTODEVICE) and added to one edge-triggered epoll set; node:net (libuv) makes no pinning or setns call and no EAGAIN attempt (it reads on readiness), ends each side with shutdown(SHUT_WR) and re-arms epoll with epoll_ctl as it goes`;
}

// The server's memory while the load lesson holds its sockets: the built `socklab serve`, driven over
// its WebSocket, its RSS read from /proc every few ms while the clients run; beside a bare node process
// holding as many node:net sockets.
async function rssFigure(): Promise<Figure> {
  const app = await serveApp();
  const c = benchClient(app);
  try {
    await c.open;
    const peaks: number[] = [];
    let held = 0;
    const before = memoryOf(app.pid).rssMb;
    for (let i = 0; i < 3; i++) {
      await c.until({ type: 'lesson.load', lesson: 'load', params: { clients } }, (e) => e.type === 'lesson.ready');
      let peak = 0;
      const timer = setInterval(() => {
        peak = Math.max(peak, memoryOf(app.pid).rssMb);
      }, 5);
      await c.until({ type: 'lesson.step' }, (e) => e.type === 'lesson.end');
      clearInterval(timer);
      peak = Math.max(peak, memoryOf(app.pid).rssMb);
      peaks.push(peak);
      const tally = c.seen.findLast((e) => e.type === 'load.tally');
      if (tally?.type === 'load.tally') held = tally.peakSockets;
    }
    const bare = await bareNodeRssMb(held);
    const hwm = memoryOf(app.pid).peakMb;
    const s = stats(peaks);
    return {
      id: 'load-rss',
      name: `server RSS while the \`load\` lesson holds ${held.toLocaleString('en')} lab sockets open (${clients.toLocaleString('en')} clients and their connections)`,
      unit: 'MB',
      n: s.n,
      median: s.median,
      p95: s.p95,
      p99: s.p99,
      reference: { name: `a bare node process holding ${held.toLocaleString('en')} node:net sockets`, median: bare },
      ratio: s.median / bare,
      budget: '≤ 200 MB',
      pass: s.p99 <= 200,
      note: `RSS sampled every 5 ms during each of ${s.n} runs; ${before.toFixed(1)} MB before the first, VmHWM ${hwm.toFixed(1)} MB after the last`,
    };
  } finally {
    c.close();
    await app.stop();
  }
}

// The page while the lesson runs: every animation frame's interval in Chromium (requestAnimationFrame),
// from the click on Step until the tally is on screen.
const frameRecorder = `(() => {
  window.__frames = [];
  window.__stop = false;
  let last = performance.now();
  const tick = (now) => {
    window.__frames.push(now - last);
    last = now;
    if (!window.__stop) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

async function framesFigure(): Promise<Figure> {
  const app = await serveApp();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(app.url);
    await page.locator('[data-testid="lab"][data-next="0"]').waitFor();
    await page.getByTestId('lesson-picker').selectOption('load');
    const intervals: number[] = [];
    let samples = 0;
    for (let run = 0; run < 3; run++) {
      await page.locator('[data-testid="lab"][data-lesson="load"][data-next="0"]').waitFor();
      await page.locator('[data-testid="load-stage"][data-phase="ready"]').waitFor();
      // A string, not a function: tsx would wrap a named inner function in a helper the page has not got.
      await page.evaluate(frameRecorder);
      await page.getByTestId('step').click();
      await page.getByTestId('load-tally').waitFor({ timeout: 120_000 });
      const frames = (await page.evaluate('window.__stop = true, window.__frames.slice(1)')) as number[];
      intervals.push(...frames);
      samples += Number(await page.getByTestId('load-source').getAttribute('data-samples'));
      await page.getByTestId('reset').click();
    }
    const s = stats(intervals);
    return {
      id: 'load-fps',
      name: 'the `load` lesson on screen in Chromium while 1,000 clients run: frames per second (from the median frame interval)',
      unit: 'fps',
      n: s.n,
      median: 1000 / s.median,
      p95: 1000 / s.p95,
      p99: 1000 / s.p99,
      reference: null,
      ratio: null,
      budget: '≥ 30 fps (median), p95 frame ≤ 33.3 ms',
      pass: 1000 / s.median >= 30 && s.p95 <= 1000 / 30,
      note: `3 runs, ${s.n} frames from the click on Step to the tally on screen; frame interval median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms (the p95/p99 columns are those frames as fps); ${(samples / 3).toFixed(0)} load.sample events a run`,
    };
  } finally {
    await browser.close();
    await app.stop();
  }
}

const figures: Figure[] = [];
try {
  figures.push(await loadFigure());
} catch (err) {
  figures.push(unmeasured('load-driver', 'the `load` lesson through the driver', '≤ ×1.5 node:net', err));
}
try {
  figures.push(await framesFigure());
} catch (err) {
  figures.push(unmeasured('load-fps', 'the `load` lesson on screen in Chromium', '≥ 30 fps', err));
}
try {
  figures.push(await rssFigure());
} catch (err) {
  figures.push(unmeasured('load-rss', 'server RSS with the `load` lesson’s sockets open', '≤ 200 MB', err));
}
saveFigures(import.meta.filename, figures);
process.exit(0);

/**
 * The web store's figures, on a real playground session recorded here (see
 * `recordPlayground`): `store.append` of 20,000 events one by one beside a plain
 * array push, and the cost of one incoming event on the live path (append, then the
 * view and the moments the UI derives from the log) once the log holds 1k, 10k, 60k
 * (one run 60k events old) and 100k events, beside folding that one event.
 * Run: npm run bench
 */
import type { SocklabEvent } from '@socklab/protocol';
import { createLabStore } from '../apps/web/src/store/labStore.ts';
import { emptyFold, foldEvent } from '../apps/web/src/view/labFold.ts';
import { createLiveView } from '../apps/web/src/view/live.ts';
import { type Figure, figure, quantile, saveFigures, unmeasured } from './lib/figures.ts';
import { recordPlayground } from './lib/playgroundLog.ts';

const figures: Figure[] = [];
const started = performance.now();
const log = await recordPlayground(100_000);
const recordedMs = performance.now() - started;
const bytes = log.reduce((n, e) => n + JSON.stringify(e).length, 0);
console.log(
  `recorded ${log.length} events (${(bytes / 1e6).toFixed(1)} MB of JSON) in ${(recordedMs / 1000).toFixed(1)} s`,
);

function appendFigure(): Figure {
  const events = log.slice(0, 20_000);
  const store = createLabStore();
  const times: number[] = [];
  const all = performance.now();
  for (const event of events) {
    const start = performance.now();
    store.getState().append(event);
    times.push(performance.now() - start);
  }
  const total = performance.now() - all;
  const plain: SocklabEvent[] = [];
  const ref: number[] = [];
  for (const event of events) {
    const start = performance.now();
    plain.push(event);
    ref.push(performance.now() - start);
  }
  const first = quantile(times.slice(0, 1000), 0.5);
  const last = quantile(times.slice(-1000), 0.5);
  return figure({
    id: 'store-append',
    name: '`store.append` of 20,000 events, per event',
    times,
    reference: { name: 'a plain array push', times: ref },
    budget: 'no copy per event: the last 1,000 appends ≤ ×2 the first 1,000 (median)',
    check: () => last <= Math.max(first * 2, 0.005),
    note: `all 20,000: ${total.toFixed(0)} ms; median of the first 1,000 ${(first * 1000).toFixed(1)} µs, of the last 1,000 ${(last * 1000).toFixed(1)} µs`,
  });
}

/** Per-event cost of the live path for the events just before `at` (the log already holds them). */
function liveFigure(at: number, baseline: number | null): Figure {
  const store = createLabStore();
  const live = createLiveView(store);
  const window = 200;
  for (let i = 0; i < at - window; i++) store.getState().append(log[i]!);
  live.derive();
  const times: number[] = [];
  const folds: number[] = [];
  const deadline = performance.now() + 20_000;
  for (let i = at - window; i < at && performance.now() < deadline; i++) {
    const start = performance.now();
    store.getState().append(log[i]!);
    live.derive();
    times.push(performance.now() - start);
  }
  const fold = emptyFold();
  for (let i = at - window; i < at; i++) {
    const start = performance.now();
    foldEvent(fold, log[i]!);
    folds.push(performance.now() - start);
  }
  const label = at >= 1000 ? `${at / 1000}k` : String(at);
  // How old the run is there: a view counts from the latest lesson.start, so a run's age is what could make it grow.
  const runStart = log.findLastIndex((e, i) => i < at && e.type === 'lesson.start');
  const age = at - Math.max(0, runStart);
  return figure({
    id: `view-per-event-${label}`,
    name: `one incoming event on the live path (append + view + moments) at ${label} events`,
    times,
    reference: { name: 'folding that one event', times: folds },
    budget: baseline === null ? 'p95 ≤ 16.7 ms' : 'p95 ≤ 16.7 ms and median ≤ ×2 the 1k figure',
    check: (s) => s.p95 <= 16.7 && (baseline === null || s.median <= baseline * 2),
    note: `the run is ${age.toLocaleString('en')} events old there${times.length < window ? `; only ${times.length} events in 20 s` : ''}`,
  });
}

try {
  figures.push(appendFigure());
} catch (error) {
  figures.push(unmeasured('store-append', '`store.append` of 20,000 events', 'no copy per event', error));
}
let baseline: number | null = null;
// 60k: near the end of the log's first run (a run makes at most 10,000 calls, about 63,000 events).
for (const at of [1_000, 10_000, 60_000, 100_000]) {
  try {
    const f = liveFigure(at, baseline);
    baseline ??= f.median;
    figures.push(f);
  } catch (error) {
    figures.push(unmeasured(`view-per-event-${at}`, `one incoming event at ${at} events`, 'p95 ≤ 16.7 ms', error));
  }
}
saveFigures(import.meta.filename, figures);
process.exit(0);

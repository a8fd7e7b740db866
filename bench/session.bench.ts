/**
 * One playground session over time: the 12-call cycle of playgroundCalls run
 * 500 times in one session (the playground started again every 84 cycles, as
 * a run may create 256 sockets), the time and the bytes a cycle's calls cost
 * at cycles 480–499 beside the same at cycles 10–29 of the same run. Every
 * client close leaves a TIME_WAIT row in the kernel's table, so a table sent
 * whole on every call would grow with the run's age (SPEC TABLE-1).
 * Run: npm run bench -- session
 */

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedReactor } from '@socklab/kernel';
import { silentLogger, startServer } from '@socklab/server';
import { type Figure, figure, quantile, saveFigures, unmeasured } from './lib/figures.ts';
import { type CallSink, cycleThroughPlayground } from './lib/playgroundCalls.ts';
import { benchClient } from './lib/wsClient.ts';

const webRoot = join(fileURLToPath(new URL('..', import.meta.url)), 'apps/web/dist');
const cycles = 500;
const restartEvery = 84;
const early = { from: 10, to: 30 };
const late = { from: cycles - 20, to: cycles };
const budget = 'cycles 480–499 ≤ ×1.2 cycles 10–29';

type Window = { cycleMs: number[]; cycleKb: number[]; ms: number[]; kb: number[] };
const window = (): Window => ({ cycleMs: [], cycleKb: [], ms: [], kb: [] });
const inWindow = (i: number, w: { from: number; to: number }) => i >= w.from && i < w.to;
const median = (xs: readonly number[]) => quantile(xs, 0.5);

const figures: Figure[] = [];
const server = await startServer({ port: 0, webRoot, logger: silentLogger });
const c = benchClient(server);
await c.open;
try {
  const first = window();
  const last = window();
  for (let i = 0; i < cycles; i++) {
    if (i % restartEvery === 0) await c.until({ type: 'playground.start' }, (e) => e.type === 'lesson.ready');
    const w = inWindow(i, early) ? first : inWindow(i, late) ? last : null;
    const sink: CallSink = { ms: [], bytes: [] };
    const ms = await cycleThroughPlayground(c, sink);
    if (w === null) continue;
    w.cycleMs.push(ms);
    w.cycleKb.push(sink.bytes.reduce((a, b) => a + b, 0) / 1024);
    w.ms.push(...sink.ms);
    w.kb.push(...sink.bytes.map((b) => b / 1024));
  }
  const perCycle = (w: Window) => `a cycle p50 ${median(w.cycleMs).toFixed(1)} ms, ${median(w.cycleKb).toFixed(1)} KB`;
  const note = `one session, the playground started again every ${restartEvery} cycles: at cycles 10–29 the run is 10–29 cycles old, at 480–499 60–79 (its TIME_WAIT rows in the table); cycles 10–29: ${perCycle(first)}; cycles 480–499: ${perCycle(last)}`;
  figures.push(
    figure({
      id: 'session-cycle-time',
      name: `playground call after ${cycles} cycles: time (command → its last event)`,
      times: last.ms,
      reference: { name: 'the same at cycles 10–29', times: first.ms },
      budget,
      check: (_s, ratio) => (ratio ?? Infinity) <= 1.2,
      note,
    }),
  );
  const bytes = figure({
    id: 'session-cycle-bytes',
    name: `playground call after ${cycles} cycles: bytes sent`,
    times: last.kb,
    reference: { name: 'the same at cycles 10–29', times: first.kb },
    note: 'every message of a call, from its command to its last event; a whole table is sent again every 100 table events',
    budget,
    check: (_s, ratio) => (ratio ?? Infinity) <= 1.2,
  });
  figures.push({ ...bytes, unit: 'KB' });
} catch (error) {
  figures.push(unmeasured('session-cycle-time', `playground call after ${cycles} cycles`, budget, error));
} finally {
  c.close();
  await server.close();
  await sharedReactor().close();
}
saveFigures(import.meta.filename, figures);

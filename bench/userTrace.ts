/**
 * Where a playground call's click → answer time goes in Chromium: the user
 * bench's session (`lib/userSession.ts`) for a few cycles under a Chromium trace
 * (`devtools.timeline`), then each click → answer window split into the main
 * thread's self time by kind (script, style, layout, paint, GC, idle), the
 * WebSocket messages that arrived in it, and, with a React profiling build, the
 * components that rendered in it (React's own `Components ⚛` track). A map for a
 * fix, not a figure: it prints a table and writes the trace and the CPU profile
 * (`bench/.results/user-trace.json`, `.cpuprofile`: both open in Chromium's DevTools).
 *
 * Run: npm run build && node --import tsx --import ./.config/rawText.mjs bench/userTrace.ts [cycles | trace.json]
 * (`SOCKLAB_BENCH_APP=DIR` serves another checkout's build, e.g. one built with
 * `react-dom/profiling` aliased for `react-dom/client` and no minification.)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './lib/chromium.ts';
import { resultsDir } from './lib/figures.ts';
import { serveApp } from './lib/serveApp.ts';
import { type CpuProfile, clickWindows, profileInWindows, type TraceEvent, windowsOf } from './lib/traceWindows.ts';
import { openPlayground, User } from './lib/userSession.ts';

const arg = process.argv[2] ?? '3';
// A trace saved before: only its report.
if (arg.endsWith('.json')) {
  const { traceEvents } = JSON.parse(readFileSync(arg, 'utf8')) as { traceEvents: TraceEvent[] };
  console.log(windowsOf(traceEvents));
  process.exit(0);
}
const cycles = Number(arg);
const pauseMs = Number(process.env.SOCKLAB_BENCH_USER_PAUSE_MS ?? 800);

const browser = await launchChromium();
const app = await serveApp();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  // A React profiling build logs each component's render only under a profiler: one that says a devtools hook is there.
  await page.addInitScript(`window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    isDisabled: false, supportsFiber: true, renderers: new Map(), inject() { return 1; },
    onCommitFiberRoot() {}, onCommitFiberUnmount() {}, onPostCommitFiberRoot() {}, checkDCE() {},
  };`);
  await openPlayground(page, app.url);
  // A session that is not brand new: two cycles before the trace.
  const warm = new User(page, pauseMs);
  for (let i = 0; i < 2; i++) await warm.cycle();
  await browser.startTracing(page, {
    categories: [
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      'disabled-by-default-devtools.timeline.stack',
      'blink.user_timing',
      'v8',
    ],
  });
  // And the JavaScript, sampled every 100 µs on the trace's clock.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const user = new User(page, pauseMs, true);
  const tabs = ['calls', 'wire', 'kernel'] as const;
  for (let i = 0; i < cycles; i++) {
    await page.getByTestId(`tab-${tabs[i % tabs.length]}`).click();
    await user.cycle();
  }
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
  const buffer = await browser.stopTracing();
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, 'user-trace.json');
  writeFileSync(file, buffer);
  writeFileSync(join(resultsDir, 'user-trace.cpuprofile'), JSON.stringify(profile));
  const { traceEvents } = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] };
  console.log(windowsOf(traceEvents));
  console.log(`\n${profileInWindows(profile, clickWindows(traceEvents))}`);
  console.log(`\ntimes as the bench measured them: ${user.times.map((t) => t.toFixed(1)).join(' ')}`);
  console.log(`trace: ${file}`);
} finally {
  await browser.close();
  await app.stop();
}

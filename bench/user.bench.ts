/**
 * A new user's playground session in Debian's Chromium, through the app's own
 * controls: for `SOCKLAB_BENCH_USER_MINUTES` minutes (1 in `npm run bench`; the
 * issue's check is `SOCKLAB_BENCH_USER_MINUTES=30 npm run bench -- user`) the
 * user picks a call in an actor's form, fills it, waits a moment as a person
 * would and presses Call: the socket…close cycle of the tutorial's two programs,
 * again and again, looking at a different tab each cycle and starting the
 * playground again before a run's 256 sockets are used up. Each press of Call is
 * timed until the actor's panel shows that call's answer, beside a bare page's
 * click → ws echo → DOM in the same run; the session's last tenth is set beside
 * its first tenth, with the page's heap, DOM size and the server's memory.
 * Run: npm run build && npm run bench -- user
 */
import type { Browser, CDPSession, Page } from 'playwright-core';
import { bareEcho } from './lib/bareEcho.ts';
import { launchChromium } from './lib/chromium.ts';
import { type Figure, figure, quantile, saveFigures, unmeasured } from './lib/figures.ts';
import { memoryOf, type ServedApp, serveApp } from './lib/serveApp.ts';

const minutes = Number(process.env.SOCKLAB_BENCH_USER_MINUTES ?? 1);
/** A person's pause between one answer and the next press of Call. */
const pauseMs = Number(process.env.SOCKLAB_BENCH_USER_PAUSE_MS ?? 800);
const cyclesPerRun = 80; // 3 sockets a cycle: 240 of a run's 256
const budget = 'p95 ≤ 16.7 ms';
const progress = (what: string) => console.error(`user.bench: ${what}`);

type Answer = { ms: number; syscall: string; text: string };
type Fields = { socket?: string; host?: string; port?: string; backlog?: string; text?: string; size?: string };

/** In the page: presses `actor`'s Call and resolves when its panel shows a new answer (or refuses). */
function pressCall(page: Page, actor: string): Promise<Answer> {
  return page.evaluate(
    (who) =>
      new Promise<Answer>((resolve, reject) => {
        const panel = document.querySelector(`[data-testid="pg-actor"][data-actor="${who}"]`) as HTMLElement;
        const button = panel.querySelector('[data-testid="pg-run"]') as HTMLButtonElement;
        const before = panel.querySelector('[data-testid="pg-last"]')?.getAttribute('data-call-id') ?? null;
        const check = () => {
          const error = panel.querySelector('[data-testid="pg-error"]');
          if (error !== null) {
            observer.disconnect();
            reject(new Error(`${who}: ${error.textContent}`));
            return;
          }
          const last = panel.querySelector('[data-testid="pg-last"]');
          const id = last?.getAttribute('data-call-id') ?? null;
          if (id !== null && id !== before && !button.disabled) {
            observer.disconnect();
            resolve({
              ms: performance.now() - start,
              syscall: last?.getAttribute('data-syscall') ?? '',
              text: last?.textContent ?? '',
            });
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(panel, { subtree: true, childList: true, attributes: true, characterData: true });
        const start = performance.now();
        button.click();
      }),
    actor,
  );
}

/** The user's side of the session: fills forms, presses Call, looks at the tabs. */
class User {
  readonly times: number[] = [];
  readonly bySyscall = new Map<string, number[]>();
  calls = 0;

  constructor(readonly page: Page) {}

  private panel(actor: string) {
    return this.page.locator(`[data-testid="pg-actor"][data-actor="${actor}"]`);
  }

  async call(actor: string, syscall: string, fields: Fields = {}): Promise<Answer> {
    const panel = this.panel(actor);
    await panel.getByTestId('pg-syscall').selectOption(syscall);
    if (fields.socket !== undefined) await panel.getByTestId('pg-socket').selectOption(fields.socket);
    for (const name of ['host', 'port', 'backlog', 'text', 'size'] as const) {
      const value = fields[name];
      if (value !== undefined) await panel.getByTestId(`pg-${name}`).fill(value);
    }
    await this.page.waitForTimeout(pauseMs);
    await panel.getByTestId('pg-run').waitFor({ state: 'visible' });
    const answer = await pressCall(this.page, actor);
    if (answer.syscall !== syscall) throw new Error(`${actor} pressed ${syscall}, the panel shows ${answer.syscall}`);
    this.times.push(answer.ms);
    const list = this.bySyscall.get(syscall) ?? [];
    list.push(answer.ms);
    this.bySyscall.set(syscall, list);
    this.calls++;
    return answer;
  }

  /** The socket the actor's latest call made (socket(), accept()), as its panel shows it. */
  async newestSocket(actor: string): Promise<string> {
    const id = await this.panel(actor).getByTestId('pg-last').getAttribute('data-created');
    if (!id) throw new Error(`${actor}'s latest call made no socket`);
    return id;
  }

  /** The tutorial's two programs, call by call: server socket…listen, client connect, a greeting each way, close. */
  async cycle(): Promise<void> {
    await this.call('server', 'socket');
    const s = await this.newestSocket('server');
    await this.call('server', 'bind', { socket: s, host: '127.0.0.1', port: '0' });
    await this.call('server', 'listen', { socket: s, backlog: '5' });
    const port = await this.panel('server').getByTestId('nc-hint').getAttribute('data-port');
    await this.call('client', 'socket');
    const c = await this.newestSocket('client');
    await this.call('client', 'connect', { socket: c, host: '127.0.0.1', port: port ?? '' });
    await this.call('server', 'accept', { socket: s });
    const a = await this.newestSocket('server');
    await this.call('client', 'write', { socket: c, text: 'hello, server' });
    await this.call('server', 'read', { socket: a, size: '1024' });
    await this.call('server', 'write', { socket: a, text: 'Hello World!' });
    await this.call('client', 'read', { socket: c, size: '1024' });
    await this.call('client', 'close', { socket: c });
    const eof = await this.call('server', 'read', { socket: a, size: '1024' });
    if (!/=\s*0\b/.test(eof.text)) throw new Error(`read() after the peer's close: ${eof.text}`);
    await this.call('server', 'close', { socket: a });
    await this.call('server', 'close', { socket: s });
  }

  async restart(): Promise<void> {
    await this.page.getByTestId('pg-restart').click();
    await this.page.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid="socket-card"]').length === 0 &&
        document.querySelector('[data-testid="playground"]')?.getAttribute('data-started') === 'true',
    );
  }
}

async function metrics(cdp: CDPSession): Promise<{ heapMb: number; nodes: number }> {
  const { metrics: list } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  const of = (name: string) => list.find((m) => m.name === name)?.value ?? Number.NaN;
  return { heapMb: of('JSHeapUsedSize') / 1e6, nodes: of('Nodes') };
}

async function session(browser: Browser, app: ServedApp): Promise<Figure[]> {
  const reference = { name: 'a bare page: click → ws echo (9 messages) → DOM', times: await bareEcho(browser, 200) };
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  // Counts the events the app's WebSocket brings (a string: tsx names functions with a helper the page lacks).
  await page.addInitScript(`{
    window.__name = (f) => f;
    window.__events = 0;
    const Native = window.WebSocket;
    window.WebSocket = function (...args) {
      const ws = new Native(...args);
      ws.addEventListener('message', () => { window.__events++; });
      return ws;
    };
    window.WebSocket.prototype = Native.prototype;
    Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  }`);
  await page.goto(app.url);
  await page.getByTestId('mode-playground').click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="playground"]')?.getAttribute('data-started') === 'true',
  );
  const before = { ...(await metrics(cdp)), serverMb: memoryOf(app.pid).rssMb };
  const t0 = performance.now();
  const user = new User(page);
  const tabs = ['calls', 'wire', 'kernel'] as const;
  let cycles = 0;
  while (performance.now() - t0 < minutes * 60_000) {
    if (cycles > 0 && cycles % cyclesPerRun === 0) await user.restart();
    await page.getByTestId(`tab-${tabs[cycles % tabs.length]}`).click();
    await user.cycle();
    cycles++;
    if (cycles % 10 === 0)
      progress(`${cycles} cycles, ${user.calls} calls, ${((performance.now() - t0) / 60_000).toFixed(1)} min`);
  }
  const sessionMin = (performance.now() - t0) / 60_000;
  await cdp.send('HeapProfiler.collectGarbage');
  const after = { ...(await metrics(cdp)), serverMb: memoryOf(app.pid).rssMb };
  const events = await page.evaluate(() => (window as unknown as { __events: number }).__events);
  await page.close();

  const tenth = Math.max(1, Math.floor(user.times.length / 10));
  const first = user.times.slice(0, tenth);
  const last = user.times.slice(-tenth);
  const slowest = [...user.bySyscall.entries()]
    .map(([syscall, times]) => ({ syscall, p95: quantile(times, 0.95) }))
    .sort((a, b) => b.p95 - a.p95)
    .slice(0, 3)
    .map((s) => `${s.syscall}() ${s.p95.toFixed(1)} ms`)
    .join(', ');
  const length = `${sessionMin.toFixed(sessionMin < 10 ? 1 : 0)}-minute`;
  return [
    figure({
      id: 'click-user-session',
      name: `click Call → its answer on screen, Chromium, a ${length} playground session at a person's pace (${user.calls.toLocaleString('en')} calls)`,
      times: user.times,
      reference,
      budget,
      check: (s) => s.p95 <= 16.7,
      note: `${cycles} cycles of the tutorial's 14 calls through the actors' forms, ${pauseMs} ms between an answer and the next press, a different tab each cycle, the playground started again every ${cyclesPerRun} cycles; ${events.toLocaleString('en')} events came over the app's WebSocket; p95 by call, slowest: ${slowest}; the page's JS heap ${before.heapMb.toFixed(0)} → ${after.heapMb.toFixed(0)} MB (after a GC), DOM nodes ${before.nodes} → ${after.nodes}; server RSS ${before.serverMb.toFixed(0)} → ${after.serverMb.toFixed(0)} MB`,
    }),
    figure({
      id: 'click-user-late',
      name: `the same in the session's last tenth (${last.length} calls)`,
      times: last,
      reference: { name: `its first tenth (${first.length} calls)`, times: first },
      budget: `${budget}, median ≤ ×1.5 the first tenth`,
      check: (s, ratio) => s.p95 <= 16.7 && ratio !== null && ratio <= 1.5,
    }),
  ];
}

const figures: Figure[] = [];
let browser: Browser | null = null;
let app: ServedApp | null = null;
try {
  browser = await launchChromium();
  app = await serveApp({ record: true });
  figures.push(...(await session(browser, app)));
} catch (error) {
  figures.push(
    unmeasured('click-user-session', 'click Call → its answer on screen, a playground session', budget, error),
  );
} finally {
  await browser?.close();
  await app?.stop();
}
saveFigures(import.meta.filename, figures);
process.exit(0);

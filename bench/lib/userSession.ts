/**
 * A new user in the playground, through the app's own controls: picks a call in an
 * actor's form, fills it, waits a moment as a person would and presses Call; each
 * press is timed in the page until the actor's panel shows that call's answer.
 * Shared by `user.bench.ts` (the figure) and `userTrace.ts` (where its time goes).
 */
import type { Page } from 'playwright-core';

/**
 * One press of Call: click → its answer in the actor's panel's DOM (`ms`), and
 * → the end of the frame that paints it (`paintedMs`: that frame's animation
 * callback, then the task after its style, layout and paint), in ms.
 */
export type Answer = { ms: number; paintedMs: number; syscall: string; text: string };
/** The form's fields a call fills. */
export type Fields = { socket?: string; host?: string; port?: string; backlog?: string; text?: string; size?: string };

/**
 * In the page: presses `actor`'s Call and resolves when its panel shows a new answer (or refuses).
 * `marks` leaves `pg-click` and `pg-answer` user-timing marks at both ends, for a trace.
 */
export function pressCall(page: Page, actor: string, marks = false): Promise<Answer> {
  return page.evaluate(
    ({ who, marks }) =>
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
            const end = performance.now();
            observer.disconnect();
            if (marks) performance.mark('pg-answer');
            const answer = { syscall: last?.getAttribute('data-syscall') ?? '', text: last?.textContent ?? '' };
            requestAnimationFrame(() => {
              const after = new MessageChannel();
              after.port1.onmessage = () =>
                resolve({ ms: end - start, paintedMs: performance.now() - start, ...answer });
              after.port2.postMessage(null);
            });
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(panel, { subtree: true, childList: true, attributes: true, characterData: true });
        if (marks) performance.mark('pg-click');
        const start = performance.now();
        button.click();
      }),
    { who: actor, marks },
  );
}

/** The user's side of the session: fills forms, presses Call, looks at the tabs. */
export class User {
  readonly times: number[] = [];
  readonly painted: number[] = [];
  readonly bySyscall = new Map<string, number[]>();
  calls = 0;

  constructor(
    readonly page: Page,
    readonly pauseMs: number,
    readonly marks = false,
  ) {}

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
    await this.page.waitForTimeout(this.pauseMs);
    await panel.getByTestId('pg-run').waitFor({ state: 'visible' });
    const answer = await pressCall(this.page, actor, this.marks);
    if (answer.syscall !== syscall) throw new Error(`${actor} pressed ${syscall}, the panel shows ${answer.syscall}`);
    this.times.push(answer.ms);
    this.painted.push(answer.paintedMs);
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

/**
 * Opens the app at `url` in `page`, counting the events its WebSocket brings in
 * `window.__events`, and switches to the playground; resolves once it started.
 */
export async function openPlayground(page: Page, url: string): Promise<void> {
  // A string: tsx names functions with a helper the page lacks.
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
  await page.goto(url);
  await page.getByTestId('mode-playground').click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="playground"]')?.getAttribute('data-started') === 'true',
  );
}

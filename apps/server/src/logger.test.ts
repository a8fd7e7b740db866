import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, refusalLogLimit } from './httpServer.ts';
import { type Clock, shown, streamLogger, throttled } from './logger.ts';
import { testServer } from './testing/harness.ts';

// A clock that moves only when told to, and runs what is due when it does.
function manualClock() {
  let now = 0;
  let due: { at: number; fn: () => void }[] = [];
  const clock: Clock = {
    now: () => now,
    after: (ms, fn) => {
      const entry = { at: now + ms, fn };
      due.push(entry);
      return () => {
        due = due.filter((d) => d !== entry);
      };
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const d of due.filter((e) => e.at <= now)) {
      due = due.filter((e) => e !== d);
      d.fn();
    }
  };
  return { clock, advance, pending: () => due.length };
}

describe('shown', () => {
  it('JSON-escapes a value and cuts it to 100 characters, saying how long it was', () => {
    expect(shown('http://evil.example')).toBe('"http://evil.example"');
    expect(shown(undefined)).toBe('(none)');
    expect(shown('a\nb"')).toBe('"a\\nb\\""');
    const long = shown('x'.repeat(4096));
    expect(long).toBe(`"${'x'.repeat(100)}"… (4096 chars)`);
  });
});

describe('throttled', () => {
  it('writes `limit` lines per interval, then one summary when the interval ends', () => {
    const { clock, advance, pending } = manualClock();
    const lines: string[] = [];
    const log = throttled((m) => lines.push(m), 'refused upgrades', { limit: 3, intervalMs: 10_000, clock });
    for (let i = 0; i < 1000; i++) log(`refusal ${i}`);
    expect(lines).toEqual(['refusal 0', 'refusal 1', 'refusal 2']);
    advance(9_999);
    expect(lines).toHaveLength(3);
    advance(1);
    expect(lines).toEqual(['refusal 0', 'refusal 1', 'refusal 2', '… 997 more refused upgrades in the last 10 s']);
    expect(pending()).toBe(0);
    // A new interval starts with the next message.
    log('later');
    expect(lines.at(-1)).toBe('later');
  });

  it('writes the summary before a message of the next interval, and on flush', () => {
    const { clock, advance } = manualClock();
    const lines: string[] = [];
    const log = throttled((m) => lines.push(m), 'bad things', { limit: 1, intervalMs: 1_000, clock });
    log('a');
    log('b');
    log('c');
    advance(500);
    log('d');
    expect(lines).toEqual(['a']);
    log.flush();
    expect(lines).toEqual(['a', '… 3 more bad things in the last 1 s']);
    log.flush();
    expect(lines).toHaveLength(2);
  });

  it('writes nothing extra when nothing was held back', () => {
    const { clock, advance } = manualClock();
    const lines: string[] = [];
    const log = throttled((m) => lines.push(m), 'x', { limit: 2, clock });
    log('a');
    advance(60_000);
    log('b');
    log.flush();
    expect(lines).toEqual(['a', 'b']);
  });
});

describe('the server’s log of refused upgrades (SECURITY.md #6)', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const refusedUpgrade = (port: number, origin: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port,
        path: '/ws?token=wrong',
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          origin,
          'sec-websocket-version': '13',
          'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('upgrade', () => reject(new Error('the upgrade was accepted')));
      req.on('error', reject);
      req.end();
    });

  it('1,000 refusals with a 4 KB Origin add under 10 KB of log, each refusal logged once or counted', async () => {
    let log = '';
    const logger = streamLogger({ write: (chunk: string) => (log += chunk) });
    server = await testServer({ logger });
    const origin = `http://evil.example/${'a'.repeat(4096)}`;
    for (let batch = 0; batch < 20; batch++) {
      const statuses = await Promise.all(Array.from({ length: 50 }, () => refusedUpgrade(server?.port ?? 0, origin)));
      expect(statuses.every((s) => s === 403)).toBe(true);
    }
    await server.close();
    server = undefined;
    const lines = log.trim().split('\n');
    const refusals = lines.filter((l) => l.includes('refused WebSocket upgrade'));
    const held = lines
      .map((l) => /… (\d+) more refused upgrades in the last 10 s$/.exec(l)?.[1])
      .reduce((sum, n) => sum + Number(n ?? 0), 0);
    expect(Buffer.byteLength(log)).toBeLessThan(10 * 1024);
    expect(refusals.length).toBeGreaterThanOrEqual(refusalLogLimit);
    expect(refusals.length + held).toBe(1000);
    // Each refusal names its Origin once, cut short.
    for (const line of refusals) {
      expect(line.split('evil.example')).toHaveLength(2);
      expect(line).toContain('… (4116 chars)');
      expect(line.length).toBeLessThan(300);
    }
  });
});

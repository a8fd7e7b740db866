import type { Lesson } from '@socklab/lessons';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, refusalLogLimit } from './httpServer.ts';
import { streamLogger } from './logger.ts';
import { type Client, connect, testServer, waitUntil } from './testing/harness.ts';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

// A lesson whose runner cannot start: every load of it is an unexpected error (a TypeError), not a SocklabError.
const broken = { id: 'broken', title: 'broken' } as unknown as Lesson;

function logged(): { logger: ReturnType<typeof streamLogger>; text: () => string } {
  let log = '';
  return { logger: streamLogger({ write: (chunk: string) => (log += chunk) }), text: () => log };
}

// The error events a client has seen (counted once each, as they come).
function errorCount(c: Client, code: string): () => number {
  let n = 0;
  c.ws.on('message', (data) => {
    const e = JSON.parse(String(data)) as { type: string; code?: string };
    if (e.type === 'error' && e.code === code) n++;
  });
  return () => n;
}

const heldBack = (log: string, what: string) =>
  log
    .split('\n')
    .map((l) => new RegExp(`… (\\d+) more session ${what} in the last 10 s$`).exec(l)?.[1])
    .reduce((sum, n) => sum + Number(n ?? 0), 0);

describe('a session’s log is throttled and bounded (SECURITY.md #6, #7)', () => {
  it('SECURITY 7: 1,000 bad messages of 4 KB each add under 10 KB of log; each is logged once, cut short, or counted', async () => {
    const log = logged();
    server = await testServer({ logger: log.logger });
    const c = connect(server);
    await c.waitFor((e) => e.type === 'session.hello');
    const bad = `{"type":"lesson.load","lesson":"${'x'.repeat(4096)}`;
    const seen = errorCount(c, 'SOCKLAB_ERR_BAD_MESSAGE');
    for (let i = 0; i < 1000; i++) {
      c.send(bad);
      await waitUntil(() => seen() > i);
    }
    expect(c.events.filter((e) => e.type === 'error' && e.code === 'SOCKLAB_ERR_BAD_MESSAGE')).toHaveLength(1000);
    c.ws.close();
    await c.closed;
    await server.close();
    server = undefined;
    const text = log.text();
    const lines = text.trim().split('\n');
    const badLines = lines.filter((l) => l.includes(': bad message '));
    expect(Buffer.byteLength(text), `${Buffer.byteLength(text)} bytes of log`).toBeLessThan(10 * 1024);
    expect(badLines.length).toBe(refusalLogLimit);
    expect(badLines.length + heldBack(text, 'warnings')).toBe(1000);
    for (const line of badLines) {
      expect(line).toContain('… (4128 chars)');
      expect(line.length).toBeLessThan(500);
    }
  });

  it('SECURITY 7: 200 unexpected errors log at most a few bounded one-line stacks; the session goes on', async () => {
    const log = logged();
    server = await testServer({ logger: log.logger, lessons: (id) => (id === 'broken' ? broken : undefined) });
    const c = connect(server);
    await c.waitFor((e) => e.type === 'session.hello');
    const seen = errorCount(c, 'SOCKLAB_ERR_INTERNAL');
    for (let i = 0; i < 200; i++) {
      c.send({ type: 'lesson.load', lesson: 'broken' });
      await waitUntil(() => seen() > i);
    }
    c.send({ type: 'lesson.load', lesson: 'nope' });
    await c.waitFor((e) => e.type === 'error' && e.code === 'SOCKLAB_ERR_NO_LESSON');
    c.ws.close();
    await c.closed;
    await server.close();
    server = undefined;
    const text = log.text();
    const errors = text.split('\n').filter((l) => l.startsWith('socklab error: session '));
    expect(Buffer.byteLength(text), `${Buffer.byteLength(text)} bytes of log`).toBeLessThan(20 * 1024);
    expect(errors.length).toBe(refusalLogLimit);
    expect(errors.length + heldBack(text, 'errors')).toBe(200);
    for (const line of errors) {
      expect(line).toContain('unexpected "TypeError');
      expect(line.length).toBeLessThan(1200);
    }
  });
});

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

// Sends `count` messages to one session, each after the last one's error came, then ends the server: the log it wrote.
async function flood(
  options: Parameters<typeof testServer>[0],
  message: unknown,
  code: string,
  count: number,
): Promise<{ text: string; client: Client }> {
  const log = logged();
  server = await testServer({ ...options, logger: log.logger });
  const c = connect(server);
  await c.waitFor((e) => e.type === 'session.hello');
  const seen = errorCount(c, code);
  for (let i = 0; i < count; i++) {
    c.send(message);
    await waitUntil(() => seen() > i);
  }
  // The session goes on: a later command is still answered.
  c.send({ type: 'lesson.load', lesson: 'nope' });
  await c.waitFor((e) => e.type === 'error' && e.code === 'SOCKLAB_ERR_NO_LESSON');
  c.ws.close();
  await c.closed;
  await server.close();
  server = undefined;
  return { text: log.text(), client: c };
}

// The log holds `refusalLogLimit` lines of the kind, the rest counted, each line cut; all under `maxBytes`.
function expectBounded(
  text: string,
  kind: { line: (l: string) => boolean; held: string; count: number; says: string },
  max: { bytes: number; line: number },
): void {
  const lines = text.split('\n').filter(kind.line);
  expect(Buffer.byteLength(text), `${Buffer.byteLength(text)} bytes of log`).toBeLessThan(max.bytes);
  expect(lines.length).toBe(refusalLogLimit);
  expect(lines.length + heldBack(text, kind.held)).toBe(kind.count);
  for (const line of lines) {
    expect(line).toContain(kind.says);
    expect(line.length).toBeLessThan(max.line);
  }
}

describe('a session’s log is throttled and bounded (SECURITY.md #6, #7)', () => {
  it('SECURITY 7: 1,000 bad messages of 4 KB each add under 10 KB of log; each is logged once, cut short, or counted', async () => {
    const bad = `{"type":"lesson.load","lesson":"${'x'.repeat(4096)}`;
    const { text, client } = await flood({}, bad, 'SOCKLAB_ERR_BAD_MESSAGE', 1000);
    expect(client.events.filter((e) => e.type === 'error' && e.code === 'SOCKLAB_ERR_BAD_MESSAGE')).toHaveLength(1000);
    const badLine = (l: string) => l.includes(': bad message ');
    expectBounded(
      text,
      { line: badLine, held: 'warnings', count: 1000, says: '… (4128 chars)' },
      { bytes: 10 * 1024, line: 500 },
    );
  });

  it('SECURITY 7: 200 unexpected errors log at most a few bounded one-line stacks; the session goes on', async () => {
    const lessons = (id: string) => (id === 'broken' ? broken : undefined);
    const broke = { type: 'lesson.load', lesson: 'broken' };
    const { text } = await flood({ lessons }, broke, 'SOCKLAB_ERR_INTERNAL', 200);
    const unexpected = (l: string) => l.startsWith('socklab error: session ');
    expectBounded(
      text,
      { line: unexpected, held: 'errors', count: 200, says: 'unexpected "TypeError' },
      { bytes: 20 * 1024, line: 1200 },
    );
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from './httpServer.ts';
import { collectGarbage, connect, openFds, testServer, trueWithin } from './testing/harness.ts';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const MiB = 1024 * 1024;

// One browser's visit: a session opened, a lesson loaded, two steps run, the tab closed.
async function visit(s: RunningServer): Promise<void> {
  const c = connect(s);
  await c.waitFor((e) => e.type === 'session.hello');
  c.send({ type: 'lesson.load', lesson: 'hello', params: { port: 0 } });
  c.send({ type: 'lesson.step' });
  c.send({ type: 'lesson.step' });
  const done = await c.waitFor((e) => (e.type === 'lesson.ready' && e.next === 2) || e.type === 'error');
  expect(done.type).toBe('lesson.ready');
  c.ws.close();
  await c.closed;
}

describe('a long-running server gives back what its sessions held (SECURITY.md #8, #12)', () => {
  it('26. 1,000 sessions opened, stepped and closed in sequence: fds and heap back near baseline', async () => {
    server = await testServer();
    const s = server;
    // The first visit probes the machine and starts the shared reactor, once for the process.
    await visit(s);
    expect(await trueWithin(() => s.sessions() === 0, 5000)).toBe(true);
    collectGarbage();
    const fds = openFds();
    const heap = process.memoryUsage().heapUsed;
    for (let i = 0; i < 1000; i++) await visit(s);
    // The server closes its side of each WebSocket after the client saw the close.
    const back = await trueWithin(() => s.sessions() === 0 && s.labSockets() === 0 && openFds() <= fds + 2, 5000);
    expect(back, `${openFds()} fds open, ${fds} before the 1,000 sessions`).toBe(true);
    collectGarbage();
    const grown = process.memoryUsage().heapUsed - heap;
    expect(grown, `heap grew ${(grown / MiB).toFixed(1)} MiB`).toBeLessThan(8 * MiB);
  }, 60_000);
});

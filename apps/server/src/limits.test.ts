import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lab } from '@socklab/kernel';
import type { EventOf, SocklabEvent } from '@socklab/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { closeTryAgainLater, type RunningServer } from './httpServer.ts';
import { fdLimit, fdReserve, LabSocketPool, serverLimits } from './limits.ts';
import { type Client, connect, getStatus, openFds, testServer, waitUntil } from './testing/harness.ts';

let server: RunningServer | undefined;
let labs: Lab[] = [];
afterEach(async () => {
  for (const lab of labs) lab.closeAll();
  labs = [];
  await server?.close();
  server = undefined;
});

const hello = (c: Client) => c.waitFor((e) => e.type === 'session.hello');

// One playground call; resolves with its exit, or the error it was refused with.
async function call(c: Client, actor: string, body: Record<string, unknown>): Promise<SocklabEvent> {
  const before = c.events.length;
  c.send({ type: 'playground.call', actor, call: body });
  return c.waitFor((e) => e.seq >= before && (e.type === 'syscall.exit' || e.type === 'error'));
}

async function playground(s: RunningServer): Promise<Client> {
  const c = connect(s);
  c.send({ type: 'playground.start' });
  await c.waitFor((e) => e.type === 'lesson.ready');
  return c;
}

describe('the server-wide caps fit the fd limit (SECURITY.md #12)', () => {
  it('reads the soft RLIMIT_NOFILE from /proc/self/limits', () => {
    const dir = mkdtempSync(join(tmpdir(), 'socklab-limits-'));
    const file = join(dir, 'limits');
    writeFileSync(
      file,
      'Limit  Soft Limit  Hard Limit  Units\nMax open files            20000                524288               files\n',
    );
    expect(fdLimit(file)).toBe(20_000);
    expect(fdLimit(join(dir, 'missing'))).toBe(1024);
    expect(fdLimit()).toBeGreaterThan(0);
  });

  it('defaults: 64 sessions at most, every fd not reserved for HTTP or sessions for lab sockets', () => {
    expect(serverLimits(20_000)).toEqual({ maxSessions: 64, maxLabSockets: 17_616, maxHttpConnections: 1000 });
    expect(serverLimits(1024)).toEqual({ maxSessions: 24, maxLabSockets: 624, maxHttpConnections: 128 });
    for (const limit of [512, 1024, 4096, 20_000, 1 << 20]) {
      const { maxSessions, maxLabSockets } = serverLimits(limit);
      expect(maxSessions * 6 + maxLabSockets + fdReserve(limit)).toBeLessThanOrEqual(limit);
    }
  });

  it('refuses caps the fd limit cannot hold, saying why', () => {
    expect(() => serverLimits(1024, { maxLabSockets: 5000 })).toThrow(/fd limit is 1024/);
    expect(() => serverLimits(1024, { maxSessions: 0 })).toThrow(/maxSessions must be a positive integer, got 0/);
  });

  it('a pool refuses past its cap across labs, and past its per-run cap within one', () => {
    const pool = new LabSocketPool(3, 2);
    const [a, b] = [new Lab({ budget: pool.forRun() }), new Lab({ budget: pool.forRun() })];
    labs.push(a, b);
    const first = a.socket().created as string;
    a.socket();
    expect(() => a.socket()).toThrow(/at most 2 sockets/);
    b.socket();
    expect(pool.open).toBe(3);
    expect(() => b.socket()).toThrow(/most lab sockets \(3, across every session\)/);
    a.close(first);
    expect(pool.open).toBe(2);
    b.socket();
    b.closeAll();
    a.closeAll();
    expect(pool.open).toBe(0);
  });
});

describe('past the server-wide caps (SECURITY.md #12)', () => {
  it('22. past maxSessions a new session gets SOCKLAB_ERR_LIMIT and close 1013; GET / and the open sessions go on', async () => {
    server = await testServer({ maxSessions: 2 });
    const s = server;
    const open = [connect(s), connect(s)];
    await Promise.all(open.map(hello));
    const refused = connect(s);
    expect(await refused.closed).toBe(closeTryAgainLater);
    expect(refused.events).toEqual([
      expect.objectContaining({ type: 'error', code: 'SOCKLAB_ERR_LIMIT', message: expect.stringContaining('(2)') }),
    ]);
    expect(s.sessions()).toBe(2);
    expect(await getStatus(s)).toBe(200);
    for (const c of open) {
      c.send({ type: 'playground.start' });
      await c.waitFor((e) => e.type === 'lesson.ready');
    }
    // A session that leaves makes room for the next one.
    open[0]?.ws.close();
    await waitUntil(() => s.sessions() === 1);
    await hello(connect(s));
    expect(s.sessions()).toBe(2);
  });

  it('past maxLabSockets a socket() in any session is refused with SOCKLAB_ERR_LIMIT; a session that leaves gives its sockets back', async () => {
    server = await testServer({ maxLabSockets: 3 });
    const s = server;
    const [a, b] = [await playground(s), await playground(s)];
    for (const c of [a, a, b])
      expect(await call(c, 'x', { syscall: 'socket' })).toMatchObject({
        type: 'syscall.exit',
        created: expect.any(String),
      });
    expect(s.labSockets()).toBe(3);
    const refused = (await call(b, 'x', { syscall: 'socket' })) as EventOf<'error'>;
    expect(refused).toMatchObject({ type: 'error', code: 'SOCKLAB_ERR_LIMIT' });
    expect(refused.message).toContain('across every session');
    expect(await getStatus(s)).toBe(200);
    a.ws.close();
    await waitUntil(() => s.labSockets() === 1);
    expect(await call(b, 'x', { syscall: 'socket' })).toMatchObject({ type: 'syscall.exit' });
  });

  it('a session that never loads a lesson holds no fd but its WebSocket', async () => {
    server = await testServer();
    const s = server;
    // The first session probes the machine once (capabilities) and starts the shared reactor.
    const first = await playground(s);
    first.ws.close();
    await waitUntil(() => s.sessions() === 0);
    const before = openFds();
    const idle = connect(s);
    await hello(idle);
    // Both ends of the WebSocket are this process's.
    expect(openFds()).toBe(before + 2);
    idle.ws.close();
    await waitUntil(() => s.sessions() === 0 && openFds() === before);
  });
});

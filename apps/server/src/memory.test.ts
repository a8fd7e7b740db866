import type { EventOf, SocklabEvent } from '@socklab/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionLogBounds } from './eventLog.ts';
import { silentLogger } from './logger.ts';
import { maxCallsPerRun, Session } from './session.ts';
import { collectGarbage } from './testing/harness.ts';
import { playgroundPair } from './testing/playgroundPair.ts';

let session: Session | undefined;
afterEach(() => {
  session?.close();
  session = undefined;
});

const MiB = 1024 * 1024;

// A playground whose client writes to a connection the server reads, as fast as the session takes commands.
async function connectedPair() {
  const s = new Session({ id: 'hostile', logger: silentLogger });
  session = s;
  const last: { exit?: EventOf<'syscall.exit'> | undefined } = {};
  s.log.subscribe((e: SocklabEvent) => {
    if (e.type === 'syscall.exit') last.exit = e;
  });
  const call = async (actor: string, c: Record<string, unknown>): Promise<EventOf<'syscall.exit'> | undefined> => {
    delete last.exit;
    await s.handle(JSON.stringify({ type: 'playground.call', actor, call: c }));
    return last.exit;
  };
  await s.handle('{"type":"playground.start"}');
  const { client, connection } = await playgroundPair(call);
  const text = 'a'.repeat(64 * 1024);
  const writeAndRead = async () => {
    expect((await call('client', { syscall: 'write', socket: client, text }))?.ret).toBe(text.length);
    await call('server', { syscall: 'read', socket: connection, size: 64 * 1024 });
  };
  return { session: s, writeAndRead, call };
}

describe('a hostile command stream keeps memory bounded (SECURITY.md #12)', () => {
  it('21. 1,200 playground writes of 64 KiB (each read back): RSS grows by less than 32 MiB', async () => {
    const { session: s, writeAndRead } = await connectedPair();
    // Warm up: the JIT, V8's spaces and the log's bound reached once.
    for (let i = 0; i < 100; i++) await writeAndRead();
    collectGarbage();
    const before = process.memoryUsage();
    const writes = 1200;
    for (let i = 0; i < writes; i++) await writeAndRead();
    collectGarbage();
    const after = process.memoryUsage();
    const rssPerWrite = (after.rss - before.rss) / writes;
    const heapPerWrite = (after.heapUsed - before.heapUsed) / writes;
    // Before the bound every write kept ~370 KiB (its text three times, its base64 twice): 440 MiB here.
    expect(after.rss - before.rss, `RSS grew ${(rssPerWrite / 1024).toFixed(1)} KiB per write`).toBeLessThan(32 * MiB);
    expect(
      after.heapUsed - before.heapUsed,
      `heap grew ${(heapPerWrite / 1024).toFixed(1)} KiB per write`,
    ).toBeLessThan(8 * MiB);
    expect(s.log.bytes).toBeLessThanOrEqual(sessionLogBounds.maxBytes);
    expect(s.log.events().length).toBeLessThanOrEqual(sessionLogBounds.maxEvents);
    expect(s.log.appended).toBeGreaterThan(writes * 10);
  });

  it(`a run makes at most ${maxCallsPerRun} calls; a new run starts afresh`, async () => {
    const { session: s, call } = await connectedPair();
    const errors: EventOf<'error'>[] = [];
    s.log.subscribe((e) => {
      if (e.type === 'error') errors.push(e);
    });
    // The pair took 7 calls; getsockname() is the cheapest call there is.
    const sock = (await call('a', { syscall: 'socket' }))?.created;
    for (let i = 8; i < maxCallsPerRun; i++) await call('a', { syscall: 'getsockname', socket: sock });
    expect(errors).toEqual([]);
    expect(await call('a', { syscall: 'getsockname', socket: sock })).toBeUndefined();
    expect(errors[0]).toMatchObject({ code: 'SOCKLAB_ERR_LIMIT', message: expect.stringContaining('at most') });
    await s.handle('{"type":"playground.start"}');
    expect((await call('a', { syscall: 'socket' }))?.ret).toBeGreaterThanOrEqual(0);
  }, 60_000);
});

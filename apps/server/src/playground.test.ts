import type { EventOf, SocklabEvent } from '@socklab/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from './logger.ts';
import { Session } from './session.ts';

let session: Session | undefined;
afterEach(() => {
  session?.close();
});

function playground() {
  session = new Session({ id: 'pg', logger: silentLogger });
  const events: SocklabEvent[] = [];
  session.log.subscribe((e) => events.push(e));
  const s = session;
  const call = async (actor: string, c: Record<string, unknown>) => {
    const before = events.length;
    await s.handle(JSON.stringify({ type: 'playground.call', actor, call: c }));
    const added = events.slice(before);
    const exit = added.find((e): e is EventOf<'syscall.exit'> => e.type === 'syscall.exit');
    const error = added.find((e): e is EventOf<'error'> => e.type === 'error');
    return { exit, error, added };
  };
  return { events, call, start: () => s.handle('{"type":"playground.start"}') };
}

describe('the playground (any call, any order, on the real kernel)', () => {
  it('accept() on a socket that is not listening: EINVAL from the kernel', async () => {
    const pg = playground();
    await pg.start();
    const { exit: made } = await pg.call('server', { syscall: 'socket' });
    const { exit } = await pg.call('server', { syscall: 'accept', socket: made?.created });
    expect(exit).toMatchObject({ syscall: 'accept', ret: -1, errno: { name: 'EINVAL' }, blocked: false });
  });

  it('listen() before bind(): the kernel auto-binds an ephemeral port, getsockname() shows it', async () => {
    const pg = playground();
    await pg.start();
    const { exit: made } = await pg.call('server', { syscall: 'socket' });
    const id = made?.created;
    expect((await pg.call('server', { syscall: 'listen', socket: id, backlog: 5 })).exit?.ret).toBe(0);
    const { exit } = await pg.call('server', { syscall: 'getsockname', socket: id });
    expect(exit?.ret).toBe(0);
    expect(exit?.address?.port).toBeGreaterThanOrEqual(1024);
    const state = pg.events.filter((e): e is EventOf<'socket.state'> => e.type === 'socket.state').at(-1);
    expect(state).toMatchObject({ tcp: 'LISTEN', role: 'listener', api: 'listening' });
  });

  it('bind() twice is EINVAL; connect() twice is EISCONN', async () => {
    const pg = playground();
    await pg.start();
    const server = (await pg.call('server', { syscall: 'socket' })).exit?.created;
    await pg.call('server', { syscall: 'bind', socket: server, host: '127.0.0.1', port: 0 });
    const twice = await pg.call('server', { syscall: 'bind', socket: server, host: '127.0.0.1', port: 0 });
    expect(twice.exit).toMatchObject({ ret: -1, errno: { name: 'EINVAL' } });
    await pg.call('server', { syscall: 'listen', socket: server, backlog: 1 });
    const port = (await pg.call('server', { syscall: 'getsockname', socket: server })).exit?.address?.port;
    const client = (await pg.call('client', { syscall: 'socket' })).exit?.created;
    expect((await pg.call('client', { syscall: 'connect', socket: client, host: '127.0.0.1', port })).exit?.ret).toBe(
      0,
    );
    const again = await pg.call('client', { syscall: 'connect', socket: client, host: '127.0.0.1', port });
    expect(again.exit).toMatchObject({ ret: -1, errno: { name: 'EISCONN' } });
  });

  it('a closed socket never reaches the kernel again: use after close is refused and explained', async () => {
    const pg = playground();
    await pg.start();
    const id = (await pg.call('a', { syscall: 'socket' })).exit?.created;
    await pg.call('a', { syscall: 'close', socket: id });
    const { exit, error, added } = await pg.call('a', { syscall: 'read', socket: id, size: 10 });
    expect(exit).toBeUndefined();
    expect(added.some((e) => e.type === 'syscall.enter')).toBe(false);
    expect(error).toMatchObject({ code: 'SOCKLAB_ERR_CLOSED_SOCKET' });
    expect(error?.message).toContain('use after close');
  });

  it('refuses addresses off loopback with a clear message, before any syscall', async () => {
    const pg = playground();
    await pg.start();
    const id = (await pg.call('a', { syscall: 'socket' })).exit?.created;
    const { error, added } = await pg.call('a', { syscall: 'connect', socket: id, host: '192.168.1.1', port: 80 });
    expect(error).toMatchObject({ code: 'SOCKLAB_ERR_ADDRESS_REFUSED' });
    expect(added.some((e) => e.type === 'syscall.enter')).toBe(false);
  });

  it('a blocked actor cannot call again until the kernel wakes it; another actor can', async () => {
    const pg = playground();
    await pg.start();
    const server = (await pg.call('server', { syscall: 'socket' })).exit?.created;
    await pg.call('server', { syscall: 'listen', socket: server, backlog: 1 });
    const port = (await pg.call('server', { syscall: 'getsockname', socket: server })).exit?.address?.port;
    const blocked = await pg.call('server', { syscall: 'accept', socket: server });
    expect(blocked.added.some((e) => e.type === 'syscall.block')).toBe(true);
    expect((await pg.call('server', { syscall: 'close', socket: server })).error).toMatchObject({
      code: 'SOCKLAB_ERR_BUSY',
    });
    const client = (await pg.call('client', { syscall: 'socket' })).exit?.created;
    const { added } = await pg.call('client', { syscall: 'connect', socket: client, host: '127.0.0.1', port });
    const accepted = added.find(
      (e): e is EventOf<'syscall.exit'> => e.type === 'syscall.exit' && e.syscall === 'accept',
    );
    expect(accepted?.ret).toBeGreaterThanOrEqual(3);
  });

  it('rejects a malformed call with the schema’s reason', async () => {
    const pg = playground();
    await pg.start();
    const { error } = await pg.call('a', { syscall: 'listen', socket: 'sock-1', backlog: -3 });
    expect(error).toMatchObject({ code: 'SOCKLAB_ERR_BAD_MESSAGE' });
  });
});

import { readdirSync } from 'node:fs';
import { ErrorCode } from '@socklab/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { Lab } from './lab.ts';

let lab: Lab;
afterEach(() => {
  lab?.closeAll();
});

function listener(backlog = 5) {
  lab = new Lab();
  const s = lab.socket('inet');
  const id = s.created as string;
  expect(lab.bind(id, { host: '127.0.0.1', port: 0 }).ret).toBe(0);
  expect(lab.listen(id, backlog).ret).toBe(0);
  const port = lab.observe(id).local?.port as number;
  return { id, port };
}

async function connected() {
  const { id, port } = listener();
  const client = lab.socket().created as string;
  const accepted = lab.accept(id);
  expect((await lab.connect(client, { host: '127.0.0.1', port })).ret).toBe(0);
  const server = (await accepted).created as string;
  return { listenerId: id, port, client, server };
}

describe('Lab on the real kernel', () => {
  it('socket() returns a real fd in state CLOSED with no address', () => {
    lab = new Lab();
    const s = lab.socket();
    expect(s.ret).toBeGreaterThanOrEqual(3);
    expect(s.errno).toBeNull();
    expect(readdirSync('/proc/self/fd')).toContain(String(s.ret));
    const seen = lab.observe(s.created as string);
    expect(seen.tcp).toBe('CLOSED');
    expect(seen.local?.port).toBe(0);
  });

  it('listen() makes LISTEN with the backlog and an empty accept queue', () => {
    const { id, port } = listener(5);
    const seen = lab.observe(id);
    expect(seen).toMatchObject({ tcp: 'LISTEN', acceptQueue: 0, backlog: 5 });
    expect(seen.local).toEqual({ family: 'inet', host: '127.0.0.1', port });
  });

  it('the handshake completes before accept(): the accept queue holds it', async () => {
    const { id, port } = listener();
    const client = lab.socket().created as string;
    expect((await lab.connect(client, { host: '127.0.0.1', port })).ret).toBe(0);
    expect(lab.observe(client).tcp).toBe('ESTABLISHED');
    expect(lab.observe(id).acceptQueue).toBe(1);
    const accepted = await lab.accept(id);
    expect(accepted.blocked).toBe(false);
    expect(lab.observe(id).acceptQueue).toBe(0);
    expect(accepted.address).toEqual(lab.observe(client).local);
  });

  it('accept() on an empty queue blocks, then returns a new fd when a client connects', async () => {
    const { id, port } = listener();
    const blocks: string[] = [];
    const pending = lab.accept(id, (want, why) => blocks.push(`${want}:${why}`));
    expect(blocks).toEqual(['readable:EAGAIN']);
    const client = lab.socket().created as string;
    await lab.connect(client, { host: '127.0.0.1', port });
    const accepted = await pending;
    expect(accepted.blocked).toBe(true);
    expect(accepted.ret).toBeGreaterThanOrEqual(3);
    expect(lab.observe(accepted.created as string).tcp).toBe('ESTABLISHED');
  });

  it('nudge() lets a blocked accept() go on at once when its queue holds a connection, and only then', async () => {
    const { id, port } = listener();
    const pending = lab.accept(id);
    expect(lab.nudge(id)).toBe(false);
    const client = lab.socket().created as string;
    // connect()'s syscall runs before it returns a promise: on loopback the handshake is done by then.
    const connecting = lab.connect(client, { host: '127.0.0.1', port });
    expect(lab.observe(id).acceptQueue).toBe(1);
    // No turn of the event loop since: the reactor's worker cannot have answered yet.
    expect(lab.nudge(id)).toBe(true);
    expect(lab.nudge(id)).toBe(false);
    const [accepted, connected] = await Promise.all([pending, connecting]);
    expect(accepted).toMatchObject({ ret: expect.any(Number), blocked: true, errno: null });
    expect(connected.ret).toBe(0);
  });

  it('read() blocks until the peer writes, then returns the bytes written', async () => {
    const { client, server } = await connected();
    let blocked = false;
    const reading = lab.read(client, 29, () => {
      blocked = true;
    });
    expect(blocked).toBe(true);
    const message = Buffer.from('Hello World!\0');
    expect((await lab.write(server, message)).ret).toBe(13);
    const got = await reading;
    expect(got.ret).toBe(13);
    expect(got.data).toEqual(message);
  });

  it('reports the receive queue the kernel holds', async () => {
    const { client, server } = await connected();
    await lab.write(server, Buffer.from('12345'));
    expect(lab.readyNow(client, 'readable')).toBe(true);
    expect(lab.observe(client).recvQ).toBe(5);
  });

  it('a second bind to the same port is EADDRINUSE from the kernel', () => {
    const { port } = listener();
    const other = lab.socket().created as string;
    const result = lab.bind(other, { host: '127.0.0.1', port });
    expect(result.ret).toBe(-1);
    expect(result.errno).toMatchObject({ name: 'EADDRINUSE', message: 'Address already in use' });
  });

  it('connect() to a port with no listener is ECONNREFUSED', async () => {
    const { id, port } = listener();
    lab.close(id);
    const client = lab.socket().created as string;
    const result = await lab.connect(client, { host: '127.0.0.1', port });
    expect(result.ret).toBe(-1);
    expect(result.errno?.name).toBe('ECONNREFUSED');
  });

  it('close() leaves CLOSE_WAIT on the peer, and read() there returns 0', async () => {
    const { client, server } = await connected();
    expect(lab.close(client).ret).toBe(0);
    expect(lab.observe(server).tcp).toBe('CLOSE_WAIT');
    expect((await lab.read(server, 10)).ret).toBe(0);
  });

  it('writing to a reset peer fails with EPIPE or ECONNRESET and the process lives', async () => {
    const { client, server } = await connected();
    lab.setsockopt(client, 'SO_LINGER', 0);
    lab.close(client);
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await lab.write(server, Buffer.from('x')));
    const names = results.map((r) => r.errno?.name ?? 'ok');
    expect(names.some((n) => n === 'EPIPE' || n === 'ECONNRESET')).toBe(true);
  });

  it('refuses a call on a closed socket without reaching the kernel', () => {
    lab = new Lab();
    const id = lab.socket().created as string;
    lab.close(id);
    expect(() => lab.listen(id, 1)).toThrow(expect.objectContaining({ code: ErrorCode.closedSocket }));
    expect(() => lab.observe('sock-99')).toThrow(expect.objectContaining({ code: ErrorCode.noSuchSocket }));
  });

  it('refuses non-loopback addresses before any syscall', async () => {
    lab = new Lab();
    const id = lab.socket().created as string;
    for (const host of [
      '10.0.0.1',
      '169.254.169.254',
      '8.8.8.8',
      '0.0.0.0',
      'localhost',
      '127.1',
      '::ffff:127.0.0.1',
    ]) {
      expect(() => lab.bind(id, { host, port: 5000 })).toThrow(
        expect.objectContaining({ code: ErrorCode.addressRefused }),
      );
      await expect(lab.connect(id, { host, port: 5000 })).rejects.toMatchObject({ code: ErrorCode.addressRefused });
    }
    // Nothing reached the kernel: the socket is still fresh.
    expect(lab.observe(id)).toMatchObject({ tcp: 'CLOSED', remote: null });
  });

  it('caps the number of sockets', () => {
    lab = new Lab({ limits: { maxSockets: 2 } });
    lab.socket();
    lab.socket();
    expect(() => lab.socket()).toThrow(expect.objectContaining({ code: ErrorCode.limit }));
  });

  it('closeAll() abandons blocked calls and releases every fd', async () => {
    const before = readdirSync('/proc/self/fd').length;
    const { id } = listener();
    const sockets = Array.from({ length: 20 }, () => lab.socket().created as string);
    const pending = lab.accept(id);
    expect(sockets).toHaveLength(20);
    lab.closeAll();
    await expect(pending).rejects.toMatchObject({ code: ErrorCode.cancelled });
    expect(readdirSync('/proc/self/fd').length).toBeLessThanOrEqual(before);
  });
});

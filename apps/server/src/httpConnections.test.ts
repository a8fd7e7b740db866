import { type Socket, connect as tcpConnect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from './httpServer.ts';
import { connect, getStatus, openFds, testServer, trueWithin } from './testing/harness.ts';

let server: RunningServer | undefined;
let idle: Socket[] = [];
afterEach(async () => {
  for (const s of idle) s.destroy();
  idle = [];
  await server?.close();
  server = undefined;
});

// A client that opens a connection and never finishes its request (slowloris), counting when the server closes it.
function stalled(port: number, closed: { n: number }): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: '127.0.0.1', port }, () => {
      socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      resolve(socket);
    });
    socket.on('error', () => {});
    socket.once('close', () => closed.n++);
    socket.once('error', reject);
  });
}

describe('plain HTTP connections are capped (SECURITY.md #6, #12)', () => {
  it('SECURITY 12: 400 stalled connections at an fd limit of 1,024: the server holds at most 128, GET / and a new session still answer', async () => {
    server = await testServer({ fdLimit: 1024 });
    const s = server;
    expect(s.limits.maxHttpConnections).toBe(128);
    const before = openFds();
    const closed = { n: 0 };
    for (let i = 0; i < 400; i++) idle.push(await stalled(s.port, closed));
    // The oldest stalled ones were closed for the newer: the server holds the cap, no more.
    expect(await trueWithin(() => closed.n >= 400 - 128 && s.httpConnections() <= 128, 5000)).toBe(true);
    const during = openFds();
    // This process holds both ends: the 400 client sockets (closed ones linger until destroyed) and the server's 128.
    expect(during - before).toBeLessThanOrEqual(400 + 128 + 8);

    // A well-behaved client still gets the page, and a session still opens.
    expect(await getStatus(s, '/')).toBe(200);
    expect(await getStatus(s, '/')).toBe(200);
    const c = connect(s);
    await c.waitFor((e) => e.type === 'session.hello');
    expect(s.httpConnections()).toBeLessThanOrEqual(128);
    c.ws.close();
    await c.closed;
  });

  it('SECURITY 12: a connection that never finishes its headers is closed after the headers timeout', async () => {
    server = await testServer({ httpTimeouts: { headersMs: 300 } });
    const closed = { n: 0 };
    idle.push(await stalled(server.port, closed));
    expect(server.httpConnections()).toBe(1);
    const s = server;
    // Node checks timeouts every second (connectionsCheckingInterval): the server ends it, the client sees close.
    expect(await trueWithin(() => closed.n === 1 && s.httpConnections() === 0, 5000)).toBe(true);
  });
});

import { request } from 'node:http';
import type { Lesson } from '@socklab/lessons';
import type { EventOf } from '@socklab/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from './httpServer.ts';
import {
  closeCode,
  connect,
  countPings,
  frame,
  listeningAddresses,
  openFds,
  rawUpgrade,
  settledFds,
  testServer,
  upgradeStatus,
  waitUntil,
} from './testing/harness.ts';
import { outsideClient } from './testing/outside.ts';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

// SECURITY.md "Tests": the numbers below are that list's.
describe('the WebSocket upgrade is refused to anyone but the app (SECURITY.md 1–4)', () => {
  it('accepts the app itself: own origin, loopback host, right token', async () => {
    server = await testServer();
    expect(await upgradeStatus(server, {})).toBe(101);
    expect(
      await upgradeStatus(server, { origin: `http://localhost:${server.port}`, host: `localhost:${server.port}` }),
    ).toBe(101);
  });

  it('1. a foreign Origin gets 403 and no session', async () => {
    server = await testServer();
    expect(await upgradeStatus(server, { origin: 'http://evil.example' })).toBe(403);
    expect(server.sessions()).toBe(0);
  });

  it('2. Origin null, no Origin, and a look-alike origin get 403', async () => {
    server = await testServer();
    const port = server.port;
    for (const origin of ['null', null, `http://127.0.0.1:${port}.evil.example`, `https://127.0.0.1:${port}`]) {
      expect(await upgradeStatus(server, { origin })).toBe(403);
    }
    expect(await upgradeStatus(server, { origin: `http://127.0.0.1:${port + 1}` })).toBe(403);
  });

  it('3. a foreign Host with a correct Origin gets 403 (DNS rebinding)', async () => {
    server = await testServer();
    expect(await upgradeStatus(server, { host: `evil.example:${server.port}` })).toBe(403);
    // fetch() cannot set Host; node:http can.
    const status = await new Promise<number>((resolve, reject) => {
      request({ port: server?.port, host: '127.0.0.1', headers: { host: `evil.example:${server?.port}` } }, (res) =>
        resolve(res.statusCode ?? 0),
      )
        .on('error', reject)
        .end();
    });
    expect(status).toBe(403);
  });

  it('4. a missing or wrong token gets 403, and every launch has a new token', async () => {
    server = await testServer();
    expect(await upgradeStatus(server, { token: null })).toBe(403);
    expect(await upgradeStatus(server, { token: 'x'.repeat(server.token.length) })).toBe(403);
    expect(await upgradeStatus(server, { token: `${server.token}x` })).toBe(403);
    const other = await testServer();
    expect(other.token).not.toBe(server.token);
    expect(other.token.length).toBeGreaterThanOrEqual(32);
    await other.close();
  });
});

describe('the server', () => {
  it('5. listens on loopback only', async () => {
    server = await testServer();
    const addresses = listeningAddresses();
    expect(addresses).toContain(`127.0.0.1:${server.port}`);
    for (const address of addresses) expect(address).toMatch(/^(127\.\d+\.\d+\.\d+|\[0:0:0:0:0:0:0:1\]):\d+$/);
  });

  it('serves the app with a strict CSP and refuses paths outside it', async () => {
    server = await testServer();
    const page = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`http://127.0.0.1:${server.port}/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });

  it('8. a message over maxPayload closes with 1009 and the server lives', async () => {
    server = await testServer({ maxPayload: 1024 });
    const client = connect(server);
    await client.waitFor((e) => e.type === 'session.hello');
    client.send('x'.repeat(2048));
    expect(await client.closed).toBe(1009);
    const next = connect(server);
    expect((await next.waitFor((e) => e.type === 'session.hello')).type).toBe('session.hello');
    next.ws.close();
  });

  it('9. malformed frames get 1002 (protocol error) and 1007 (invalid UTF-8)', async () => {
    server = await testServer();
    const rsv = await rawUpgrade(server);
    const rsvCode = closeCode(rsv);
    rsv.write(frame(0x1, Buffer.from('{}'), { rsv1: true }));
    expect(await rsvCode).toBe(1002);
    const utf = await rawUpgrade(server);
    const utfCode = closeCode(utf);
    utf.write(frame(0x1, Buffer.from([0xff, 0xfe, 0xfd])));
    expect(await utfCode).toBe(1007);
  });

  it('answers bad JSON and unknown commands with an error event, and goes on', async () => {
    server = await testServer();
    const client = connect(server);
    await client.waitFor((e) => e.type === 'session.hello');
    client.send('{not json');
    client.send({ type: 'lesson.fly' });
    client.send({ type: 'lesson.load', lesson: 'no-such-lesson' });
    client.send({ type: 'lesson.step' });
    await client.waitFor(() => client.events.filter((e) => e.type === 'error').length === 4);
    const codes = client.events.flatMap((e) => (e.type === 'error' ? [e.code] : []));
    expect(codes).toEqual([
      'SOCKLAB_ERR_BAD_MESSAGE',
      'SOCKLAB_ERR_BAD_MESSAGE',
      'SOCKLAB_ERR_NO_LESSON',
      'SOCKLAB_ERR_LESSON_STATE',
    ]);
    client.ws.close();
  });

  it('10. the socket cap refuses the cap+1-th socket with SOCKLAB_ERR_LIMIT', async () => {
    const many = socketsLesson(3);
    server = await testServer({ limits: { maxSockets: 2 }, lessons: () => many });
    const client = connect(server);
    client.send({ type: 'lesson.load', lesson: many.id });
    for (let i = 0; i < 3; i++) client.send({ type: 'lesson.step' });
    const error = await client.waitFor((e) => e.type === 'error');
    expect(error).toMatchObject({ code: 'SOCKLAB_ERR_LIMIT' });
    expect(client.events.filter((e) => e.type === 'syscall.exit' && e.ret >= 0)).toHaveLength(2);
    client.ws.close();
  });

  it('13. closing the WebSocket with 20 open lab sockets releases every fd', async () => {
    const many = socketsLesson(20);
    server = await testServer({ lessons: () => many });
    // Warm up once: the process-wide reactor (epoll, eventfd, its worker thread) stays for good.
    const warm = connect(server);
    warm.send({ type: 'lesson.load', lesson: many.id });
    warm.send({ type: 'lesson.step' });
    await warm.waitFor((e) => e.type === 'syscall.exit');
    warm.ws.close();
    await warm.closed;
    await waitUntil(() => server?.sessions() === 0);
    // A session's packet socket is closed on the thread pool (PacketCapture.close): counted once it is.
    const baseline = await settledFds();
    const client = connect(server);
    client.send({ type: 'lesson.load', lesson: many.id });
    for (let i = 0; i < 20; i++) client.send({ type: 'lesson.step' });
    await client.waitFor((e) => e.type === 'lesson.end');
    expect(openFds()).toBeGreaterThanOrEqual(baseline + 20);
    client.ws.close();
    await client.closed;
    await waitUntil(() => server?.sessions() === 0);
    expect(await settledFds()).toBeLessThanOrEqual(baseline);
  });

  it('14. a viewer that stops answering pings is terminated', async () => {
    server = await testServer({ heartbeatMs: 50 });
    const socket = await rawUpgrade(server);
    const pings = countPings(socket);
    await new Promise((resolve) => socket.on('close', resolve));
    expect(pings.count).toBeGreaterThanOrEqual(1);
    expect(pings.count).toBeLessThanOrEqual(2);
    await waitUntil(() => server?.sessions() === 0);
  });

  it('runs a lesson over the WebSocket with real results, and an outside client reaches its listener', async () => {
    server = await testServer();
    const client = connect(server);
    client.send({ type: 'lesson.load', lesson: 'hello', params: { port: 0 } });
    for (let i = 0; i < 3; i++) client.send({ type: 'lesson.step' });
    const listening = await client.waitFor(
      (e): e is Extract<typeof e, { type: 'socket.state' }> => e.type === 'socket.state' && e.tcp === 'LISTEN',
    );
    const port = listening.local?.port as number;
    const start = await client.waitFor((e): e is EventOf<'lesson.start'> => e.type === 'lesson.start');
    // An outside program (another process) joins the lab's network and connects to the lab listener.
    const outside = await outsideClient(start.network, port);
    client.send({ type: 'lesson.step' });
    const accepted = await client.waitFor((e) => e.type === 'syscall.exit' && e.syscall === 'accept');
    expect(accepted).toMatchObject({ ret: expect.any(Number), errno: null, blocked: false });
    expect((accepted as { address?: { port: number } }).address?.port).toBe(outside.localPort);
    outside.close();
    client.ws.close();
  });
});

function socketsLesson(n: number): Lesson {
  return {
    id: 'many-sockets',
    chapter: { ko: '테스트', en: 'test' },
    title: { ko: '소켓 여러 개', en: 'many sockets' },
    summary: { ko: '테스트', en: 'test' },
    port: 0,
    programs: [],
    corrections: [],
    steps: Array.from({ length: n }, (_, i) => ({
      actor: 'server',
      call: { syscall: 'socket' as const, as: `s${i}`, role: 'listener' as const },
      line: 1,
      narration: { ko: '', en: '' },
      expect: { ret: 'fd' as const },
    })),
  };
}

import { request } from 'node:http';
import { findLesson } from '@socklab/lessons';
import type { SocklabEvent } from '@socklab/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../httpServer.ts';
import {
  connect,
  countPings,
  listeningAddresses,
  rawUpgrade,
  testServer,
  upgradeStatus,
  waitUntil,
} from '../testing/harness.ts';
import { playgroundPair } from '../testing/playgroundPair.ts';
import { testClassAddress, viewer, viewerUpgradeStatus } from './viewerClient.ts';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const classServer = (options: Parameters<typeof testServer>[0] = {}) =>
  testServer({ class: { address: testClassAddress }, ...options });

function status(address: string, port: number, path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: address, port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

const ofPort = (port: number) => listeningAddresses().filter((a) => a.endsWith(`:${port}`));

describe('SECURITY 23: class mode', () => {
  it('without --class nothing listens beyond loopback 127.0.0.1; with it, the class address is added', async () => {
    server = await testServer();
    expect(server.class).toBeNull();
    expect(ofPort(server.port)).toEqual([`127.0.0.1:${server.port}`]);
    await server.close();
    server = await classServer();
    expect(ofPort(server.port).sort()).toEqual([`127.0.0.1:${server.port}`, `${testClassAddress}:${server.port}`]);
  });

  it('the viewer token differs from the launch token and on every launch', async () => {
    server = await classServer();
    const other = await classServer();
    expect(server.class?.room.token).not.toBe(server.token);
    expect(other.class?.room.token).not.toBe(server.class?.room.token);
    expect(server.class?.listener.joinUrl).toBe(
      `http://${testClassAddress}:${server.port}/?view=${server.class?.room.token}`,
    );
    await other.close();
  });

  it('a viewer cannot issue any command: each is refused with SOCKLAB_ERR_VIEWER and never reaches the session', async () => {
    server = await classServer();
    const teacher = connect(server);
    teacher.send({ type: 'lesson.load', lesson: 'hello' });
    await teacher.waitFor((e) => e.type === 'lesson.ready');
    const watcher = viewer(server);
    await watcher.waitFor((e) => e.type === 'lesson.ready');
    const followed = server.class?.room.following;
    const before = followed?.log.appended;
    const commands: unknown[] = [
      { type: 'lesson.step' },
      { type: 'lesson.reset' },
      { type: 'lesson.load', lesson: 'echo' },
      { type: 'playground.start' },
      { type: 'playground.call', actor: 'a', call: { syscall: 'socket' } },
      'not json',
      { __proto__: { type: 'lesson.step' } },
    ];
    for (const command of commands) watcher.send(command);
    watcher.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await waitUntil(() => watcher.events.filter((e) => e.type === 'error').length === commands.length + 1);
    const refusals = watcher.events.filter((e) => e.type === 'error');
    for (const refusal of refusals) expect(refusal).toMatchObject({ code: 'SOCKLAB_ERR_VIEWER' });
    // The teacher's session saw none of it: not one event more, and its next step is still step 1.
    expect(followed?.log.appended).toBe(before);
    expect(teacher.events.some((e) => e.type === 'error')).toBe(false);
    teacher.send({ type: 'lesson.step' });
    const step = await teacher.waitFor((e) => e.type === 'lesson.step');
    expect(step).toMatchObject({ index: 0 });
  });

  it('the launch token, on the class address, is refused (403), in the query or the cookie', async () => {
    server = await classServer();
    const token = server.token;
    expect(await viewerUpgradeStatus(server, {})).toBe(101);
    expect(await viewerUpgradeStatus(server, { query: `?token=${token}` })).toBe(403);
    expect(await viewerUpgradeStatus(server, { query: `?view=${token}` })).toBe(403);
    expect(await viewerUpgradeStatus(server, { query: '', cookie: `socklab-${server.port}=${token}` })).toBe(403);
    expect(await viewerUpgradeStatus(server, { query: `?view=${server.class?.room.token}&token=${token}` })).toBe(403);
    // The control API is not on the class address at all.
    for (const path of ['/api/session', `/api/recordings?token=${token}`, `/api/class?token=${token}`]) {
      expect(await status(testClassAddress, server.port, path, `${testClassAddress}:${server.port}`)).toBe(404);
    }
  });

  it('a foreign Origin or Host on the class address gets 403', async () => {
    server = await classServer();
    const port = server.port;
    for (const origin of [
      'http://evil.example',
      'null',
      null,
      `http://127.0.0.1:${port}`,
      `http://${testClassAddress}:${port}.evil.example`,
    ]) {
      expect(await viewerUpgradeStatus(server, { origin })).toBe(403);
    }
    for (const host of [`evil.example:${port}`, `127.0.0.1:${port}`, `localhost:${port}`, testClassAddress]) {
      expect(await viewerUpgradeStatus(server, { host })).toBe(403);
      expect(await status(testClassAddress, port, '/', host)).toBe(403);
    }
    expect(await status(testClassAddress, port, '/', `${testClassAddress}:${port}`)).toBe(200);
    // And the control listener takes neither the class origin nor the viewer token.
    expect(await upgradeStatus(server, { origin: `http://${testClassAddress}:${port}` })).toBe(403);
    expect(await upgradeStatus(server, { token: server.class?.room.token ?? '' })).toBe(403);
  });

  it('the teacher reads the join URL and its QR code from /api/class, with the launch token only', async () => {
    server = await classServer();
    const base = `http://127.0.0.1:${server.port}/api/class`;
    expect((await fetch(base)).status).toBe(403);
    const info = (await (await fetch(`${base}?token=${server.token}`)).json()) as Record<string, unknown>;
    expect(info).toMatchObject({
      address: testClassAddress,
      joinUrl: server.class?.listener.joinUrl,
      viewers: 0,
      maxViewers: 200,
    });
    expect(String(info.qrSvg)).toMatch(/^<svg[^>]*>[\s\S]*<\/svg>$/);
    await server.close();
    server = await testServer();
    expect((await fetch(`http://127.0.0.1:${server.port}/api/class?token=${server.token}`)).status).toBe(404);
  });

  it('SECURITY 14 for viewers: a viewer that stops answering pings is terminated within two intervals', async () => {
    server = await classServer({ heartbeatMs: 50 });
    const token = server.class?.room.token ?? '';
    const socket = await rawUpgrade(server, { host: testClassAddress, path: `/ws?view=${token}` });
    const pings = countPings(socket);
    const closed = new Promise((resolve) => socket.on('close', resolve));
    await waitUntil(() => server?.class?.room.viewers === 1);
    await closed;
    expect(pings.count).toBeGreaterThanOrEqual(1);
    expect(pings.count).toBeLessThanOrEqual(2);
    expect(server.class?.room.viewers).toBe(0);
  });

  it('refuses the viewer past the cap with SOCKLAB_ERR_LIMIT and close code 1013', async () => {
    server = await classServer({ class: { address: testClassAddress, limits: { maxViewers: 2 } } });
    const [a, b] = [viewer(server), viewer(server)];
    await waitUntil(() => server?.class?.room.viewers === 2);
    const third = viewer(server);
    expect(await third.closed).toBe(1013);
    expect(third.events).toMatchObject([{ type: 'error', code: 'SOCKLAB_ERR_LIMIT' }]);
    a.ws.close();
    b.ws.close();
  });
});

describe('viewers follow the teacher', () => {
  const hello = findLesson('hello');
  const stepAll = async (client: ReturnType<typeof connect>) => {
    for (let i = 0; i < (hello?.steps.length ?? 0); i++) client.send({ type: 'lesson.step' });
    await client.waitFor((e) => e.type === 'lesson.end');
  };
  const json = (events: SocklabEvent[]) => events.map((e) => JSON.stringify(e));

  it('CLASS-1: 100 viewers: each receives every event of the teacher in order, the late ones from the recording', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { Recordings } = await import('../recordings.ts');
    server = await classServer({ recordings: new Recordings(mkdtempSync(join(tmpdir(), 'socklab-class-'))) });
    const early = Array.from({ length: 50 }, () => viewer(server as RunningServer));
    await waitUntil(() => server?.class?.room.viewers === 50);
    const teacher = connect(server);
    teacher.send({ type: 'lesson.load', lesson: 'hello' });
    await teacher.waitFor((e) => e.type === 'lesson.ready');
    teacher.send({ type: 'lesson.step' });
    teacher.send({ type: 'lesson.step' });
    await teacher.waitFor((e) => e.type === 'lesson.step' && e.index === 1);
    await teacher.waitFor(
      (e) =>
        e.type === 'lesson.ready' &&
        teacher.events.indexOf(e) > teacher.events.findIndex((s) => s.type === 'lesson.step' && s.index === 1),
    );
    // Late viewers join mid-lesson: the recording being written gives them the run so far.
    expect(server.class?.room.following?.recording).toBeDefined();
    const late = Array.from({ length: 50 }, () => viewer(server as RunningServer));
    await waitUntil(() => server?.class?.room.viewers === 100);
    await stepAll(teacher);
    const all = [...early, ...late];
    await Promise.all(all.map((v) => v.waitFor((e) => e.type === 'lesson.end')));
    await waitUntil(() => all.every((v) => v.events.length >= teacher.events.length));
    const expected = json(teacher.events);
    for (const v of all) expect(json(v.events)).toEqual(expected);
  });

  it('SECURITY 23 (#11): a viewer that stops reading is dropped; the teacher and the other viewers miss nothing', async () => {
    server = await classServer({ class: { address: testClassAddress, limits: { maxBuffered: 64 * 1024 } } });
    const others = Array.from({ length: 10 }, () => viewer(server as RunningServer));
    const stuck = viewer(server);
    await waitUntil(() => server?.class?.room.viewers === 11);
    // pause() does nothing before the handshake ends.
    await waitUntil(() => stuck.ws.readyState === stuck.ws.OPEN);
    stuck.ws.pause();
    const teacher = connect(server);
    const exits: SocklabEvent[] = [];
    const call = async (actor: string, c: Record<string, unknown>) => {
      const seen = teacher.events.length;
      teacher.send({ type: 'playground.call', actor, call: c });
      await waitUntil(() => teacher.events.slice(seen).some((e) => e.type === 'syscall.exit' || e.type === 'error'));
      const exit = teacher.events.slice(seen).find((e) => e.type === 'syscall.exit');
      if (exit) exits.push(exit);
      return exit as (SocklabEvent & { created?: string; address?: { port: number }; ret?: number }) | undefined;
    };
    teacher.send({ type: 'playground.start' });
    await teacher.waitFor((e) => e.type === 'lesson.start');
    const { client, connection } = await playgroundPair(call);
    // Under the command's 64 KiB maxPayload.
    const text = 'a'.repeat(60_000);
    // Each write is ~300 KiB of events: the stuck viewer's kernel buffers fill, then its queue passes the bound.
    for (let i = 0; i < 400 && server.class?.room.viewers === 11; i++) {
      expect((await call('client', { syscall: 'write', socket: client, text }))?.ret).toBe(text.length);
      await call('server', { syscall: 'read', socket: connection, size: 64 * 1024 });
    }
    expect(server.class?.room.viewers).toBe(10);
    // The teacher went on: one more call, answered.
    expect((await call('client', { syscall: 'write', socket: client, text: 'after' }))?.ret).toBe(5);
    await waitUntil(() => others.every((v) => v.events.length >= teacher.events.length));
    const expected = json(teacher.events);
    for (const v of others) expect(json(v.events)).toEqual(expected);
    expect(teacher.events.some((e) => e.type === 'error')).toBe(false);
  });

  it('CLASS-2: when the teacher opens a new session, viewers follow it and are told by its hello', async () => {
    server = await classServer();
    const first = connect(server);
    const firstHello = await first.waitFor((e) => e.type === 'session.hello');
    const watcher = viewer(server);
    await watcher.waitFor((e) => e.type === 'session.hello');
    const second = connect(server);
    const secondHello = await second.waitFor((e) => e.type === 'session.hello');
    await watcher.waitFor((e) => e.type === 'session.hello' && e.sessionId !== firstHello.sessionId);
    second.ws.close();
    // The newest session left: back to the one still open.
    await waitUntil(() => watcher.events.filter((e) => e.type === 'session.hello').length === 3);
    expect(
      watcher.events.filter((e) => e.type === 'session.hello').map((e) => (e as { sessionId: string }).sessionId),
    ).toEqual([firstHello.sessionId, secondHello.sessionId, firstHello.sessionId]);
  });
});

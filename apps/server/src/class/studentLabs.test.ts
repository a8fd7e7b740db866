import { NetNamespace } from '@socklab/kernel';
import type { EventOf, SocklabEvent } from '@socklab/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../httpServer.ts';
import { type Client, connect, testServer, upgradeStatusOf, waitUntil } from '../testing/harness.ts';
import { labClient, testClassAddress, viewer } from './viewerClient.ts';

const probe = NetNamespace.create();
probe.ns?.close();
const canIsolate = probe.ns !== null;
// CI runs as root: there a missing namespace is a failure, not a reason to skip (SECURITY.md test 24).
const mustIsolate = Boolean(process.env.CI);

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const labServer = (maxLabs?: number) =>
  testServer({ class: { address: testClassAddress, labs: true, ...(maxLabs ? { limits: { maxLabs } } : {}) } });

/** Loads `hello` on `port` in `client`'s session and runs every step; resolves with that run's events. */
async function runHello(client: Client, port: number): Promise<SocklabEvent[]> {
  const from = client.events.length;
  client.send({ type: 'lesson.load', lesson: 'hello', params: { port } });
  const start = (await client.waitFor((e) => e.seq >= from && e.type === 'lesson.start')) as EventOf<'lesson.start'>;
  for (let i = 0; i < start.steps; i++) client.send({ type: 'lesson.step' });
  await client.waitFor((e) => e.seq >= start.seq && (e.type === 'lesson.end' || e.type === 'error'));
  return client.events.filter((e) => e.seq >= start.seq);
}

/** One playground call on `client`; resolves with its exit, or the error it was refused with. */
async function call(client: Client, actor: string, body: Record<string, unknown>): Promise<SocklabEvent> {
  const before = client.events.at(-1)?.seq ?? -1;
  client.send({ type: 'playground.call', actor, call: body });
  return client.waitFor((e) => e.seq > before && (e.type === 'syscall.exit' || e.type === 'error'));
}

it('SECURITY 24: network namespaces are available where the tests must prove isolation (CI runs as root)', () => {
  if (mustIsolate) expect(canIsolate, 'CI must be able to make a network namespace').toBe(true);
});

describe.skipIf(!canIsolate && !mustIsolate)('SECURITY 24: student labs (class mode, a namespace each)', () => {
  it('two student labs run hello on port 4000 at the same time and both pass, each in a namespace of its own', async () => {
    server = await labServer();
    const a = labClient(server);
    const b = labClient(server);
    const [ranA, ranB] = await Promise.all([runHello(a, 4000), runHello(b, 4000)]);
    for (const ran of [ranA, ranB]) {
      const start = ran.find((e) => e.type === 'lesson.start') as EventOf<'lesson.start'>;
      expect(start.params.port).toBe(4000);
      expect(start.moved).toBeUndefined();
      expect(start.network.kind).toBe('netns');
      expect(ran.filter((e) => e.type === 'error')).toEqual([]);
      expect(ran.find((e) => e.type === 'lesson.end')).toMatchObject({ ok: true });
    }
    expect(server.class?.room.members().map((m) => [m.kind, m.doing, m.lesson, m.step])).toEqual([
      ['lab', 'lesson', 'hello', null],
      ['lab', 'lesson', 'hello', null],
    ]);
  }, 60_000);

  it("a lab's connect() to the teacher's lab port or the class listener fails as the kernel says; to 10.0.0.1 it is refused before any syscall", async () => {
    server = await labServer();
    const s = server;
    // The teacher's lab: hello's server listening on 4000, in the teacher's own namespace.
    const teacher = connect(s);
    teacher.send({ type: 'lesson.load', lesson: 'hello', params: { port: 4000 } });
    const start = (await teacher.waitFor((e) => e.type === 'lesson.start')) as EventOf<'lesson.start'>;
    for (let i = 0; i < 3; i++) teacher.send({ type: 'lesson.step' });
    await teacher.waitFor((e) => e.type === 'syscall.exit' && e.syscall === 'listen');
    const teacherBefore = s.class?.room.following?.log.appended;

    const lab = labClient(s);
    lab.send({ type: 'playground.start' });
    await lab.waitFor((e) => e.type === 'lesson.ready');
    const attempt = async (host: string, port: number) => {
      const made = (await call(lab, 'student', { syscall: 'socket' })) as EventOf<'syscall.exit'>;
      expect(made.type).toBe('syscall.exit');
      return call(lab, 'student', { syscall: 'connect', socket: made.created, host, port });
    };
    // 127.0.0.1:4000 inside the lab's namespace is its own lo: nothing listens there.
    expect(await attempt('127.0.0.1', start.params.port)).toMatchObject({
      type: 'syscall.exit',
      errno: { name: 'ECONNREFUSED' },
    });
    // The class listener's address and port, from inside the lab: not the host's, so refused too.
    const { port } = s.class?.listener ?? { port: 0 };
    expect(await attempt(testClassAddress, port)).toMatchObject({
      type: 'syscall.exit',
      errno: { name: 'ECONNREFUSED' },
    });
    expect(await attempt('127.0.0.1', s.port)).toMatchObject({ type: 'syscall.exit', errno: { name: 'ECONNREFUSED' } });
    // Beyond loopback: the address policy refuses it before any syscall.
    const before = lab.events.length;
    const outside = await attempt('10.0.0.1', 80);
    expect(outside).toMatchObject({ type: 'error', code: 'SOCKLAB_ERR_ADDRESS_REFUSED' });
    expect(lab.events.slice(before).filter((e) => e.type === 'syscall.enter' && e.call.syscall === 'connect')).toEqual(
      [],
    );
    // Nothing the lab did reached the teacher's session.
    expect(s.class?.room.following?.log.appended).toBe(teacherBefore);
  }, 60_000);

  it("a lab token cannot control the teacher's session; a viewer token cannot open a lab; the cap holds", async () => {
    server = await labServer(1);
    const s = server;
    const room = s.class?.room;
    const teacher = connect(s);
    teacher.send({ type: 'lesson.load', lesson: 'hello' });
    await teacher.waitFor((e) => e.type === 'lesson.ready');
    const teacherBefore = room?.following?.log.appended;
    const lab = labClient(s);
    await lab.waitFor((e) => e.type === 'session.hello');
    // Its commands drive its own session only.
    lab.send({ type: 'lesson.load', lesson: 'echo' });
    await lab.waitFor((e) => e.type === 'lesson.ready');
    lab.send({ type: 'lesson.step' });
    await lab.waitFor((e) => e.type === 'syscall.exit');
    expect(room?.following?.log.appended).toBe(teacherBefore);
    expect(room?.following).not.toBeUndefined();
    // The lab token on the control listener: refused (403).
    const onControl = connect(s, { url: `ws://127.0.0.1:${s.port}/ws?lab=${room?.labToken}`, token: null });
    expect(await upgradeStatusOf(onControl)).toBe(403);
    // The viewer token as a lab token, both at once, a wrong one: 403.
    for (const query of [`?lab=${room?.token}`, `?view=${room?.token}&lab=${room?.labToken}`, '?lab=nope']) {
      expect(await upgradeStatusOf(labClient(s, query)), query).toBe(403);
    }
    // The lab cap (1): the next lab is told, and closed with 1013.
    const second = labClient(s);
    expect(await second.closed).toBe(1013);
    expect(second.events.find((e) => e.type === 'error')).toMatchObject({ code: 'SOCKLAB_ERR_LIMIT' });
    // A viewer is still a viewer: its step is refused.
    const watcher = viewer(s);
    watcher.send({ type: 'lesson.step' });
    await watcher.waitFor((e) => e.type === 'error' && e.code === 'SOCKLAB_ERR_VIEWER');
    await waitUntil(() => room?.members().length === 2);
  }, 60_000);

  it('without --class-labs the class refuses every lab upgrade and says why labs are off', async () => {
    server = await testServer({ class: { address: testClassAddress } });
    expect(server.class?.room.labToken).toBeNull();
    expect(await upgradeStatusOf(labClient(server, '?lab=anything'))).toBe(403);
    const info = (await (await fetch(`http://127.0.0.1:${server.port}/api/class?token=${server.token}`)).json()) as {
      labs: { allowed: boolean; reason?: string };
    };
    expect(info.labs).toEqual({ allowed: false, reason: expect.stringMatching(/--class-labs|namespace/) });
  });
});

import { Lab, PacketCapture, SocketTable, TableObserver } from '@socklab/kernel';
import { echo, handshake, hello, type Lesson, lessons } from '@socklab/lessons';
import { type EventOf, isValidEvent, type SocklabEvent } from '@socklab/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { EventLog } from './eventLog.ts';
import { LessonRunner } from './lessonRunner.ts';

let lab: Lab | undefined;
let cleanup: (() => void)[] = [];
afterEach(() => {
  lab?.closeAll();
  for (const f of cleanup) f();
  cleanup = [];
});

// Packet capture needs CAP_NET_RAW: without it packet expectations are not checked (and these tests say so).
const probe = PacketCapture.open();
probe.capture?.close();
const canCapture = probe.capture !== null;

async function runLesson(lesson: Lesson, port = 0) {
  lab = new Lab();
  const log = new EventLog();
  const opened = PacketCapture.open();
  const table = new SocketTable();
  const runner = new LessonRunner(lab, lesson, { port }, (e) => log.append(e), {
    capture: opened.capture,
    table: new TableObserver(table),
  });
  cleanup.push(() => {
    runner.dispose();
    opened.capture?.close();
    table.close();
  });
  runner.start();
  while (runner.next !== null) await runner.step();
  const events = [...log.events()];
  const exits = events.filter((e): e is EventOf<'syscall.exit'> => e.type === 'syscall.exit');
  return { runner, events, exits };
}

const of = <T extends SocklabEvent['type']>(events: SocklabEvent[], type: T) =>
  events.filter((e): e is EventOf<T> => e.type === type);

describe('lessons on the real kernel', () => {
  it.each(lessons.map((l) => [l.id, l] as const))(
    '%s: every step matches the kernel and every event is valid',
    async (_id, lesson) => {
      const { runner, events } = await runLesson(lesson);
      expect(runner.summary()).toEqual({ lesson: lesson.id, ok: true, mismatches: 0, finished: true });
      const checks = of(events, 'lesson.check').sort((a, b) => a.index - b.index);
      expect(checks.map((c) => [c.index, c.ok])).toEqual(lesson.steps.map((_, i) => [i, true]));
      for (const e of events) expect(isValidEvent(e)).toBe(true);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    },
  );

  it('hello: real return values, states and the client’s output', async () => {
    const { events, exits } = await runLesson(hello);
    const byCall = (syscall: string, actor: string) => exits.filter((e) => e.syscall === syscall && e.actor === actor);
    const [serverSocket] = byCall('socket', 'server');
    const [accept] = byCall('accept', 'server');
    expect(serverSocket?.ret).toBeGreaterThanOrEqual(3);
    expect(byCall('bind', 'server')[0]?.ret).toBe(0);
    expect(byCall('listen', 'server')[0]?.ret).toBe(0);
    expect(accept).toMatchObject({ blocked: true, errno: null });
    expect(accept?.ret).not.toBe(serverSocket?.ret);
    expect(byCall('connect', 'client')[0]).toMatchObject({ ret: 0, errno: null });
    expect(byCall('write', 'server')[0]?.ret).toBe(13);
    expect(byCall('read', 'client')[0]?.ret).toBe(13);
    expect(exits.filter((e) => e.syscall === 'close').map((e) => e.ret)).toEqual([0, 0, 0]);
    expect(of(events, 'stdout')).toMatchObject([{ actor: 'client', text: 'Message from server: Hello World! \n' }]);
    // The kernel's states: LISTEN with the backlog, then ESTABLISHED on both ends, CLOSE_WAIT after the client closes.
    const states = of(events, 'socket.state');
    expect(states.find((s) => s.tcp === 'LISTEN')).toMatchObject({ backlog: 5, acceptQueue: 0, api: 'listening' });
    expect(states.some((s) => s.role === 'connection' && s.tcp === 'ESTABLISHED')).toBe(true);
    expect(states.some((s) => s.role === 'connection' && s.tcp === 'CLOSE_WAIT')).toBe(true);
    // A blocked accept: enter, block, then (during connect) exit.
    const acceptId = accept?.callId;
    const order = events
      .filter((e) => e.type.startsWith('syscall.') && 'callId' in e && e.callId === acceptId)
      .map((e) => e.type);
    expect(order).toEqual(['syscall.enter', 'syscall.block', 'syscall.exit']);
  });

  it('echo: the client receives "<n> : <message>" computed by the server from the real bytes', async () => {
    const { events, exits } = await runLesson(echo);
    const serverRead = exits.find((e) => e.syscall === 'read' && e.actor === 'server');
    expect(serverRead).toMatchObject({ ret: 14, blocked: true });
    expect(of(events, 'stdout')).toMatchObject([{ actor: 'client', text: '13 : Hello, socket\n' }]);
    const received = of(events, 'data').find((d) => d.actor === 'client' && d.direction === 'received');
    expect(Buffer.from(received?.base64 ?? '', 'base64').toString()).toBe('13 : Hello, socket\0');
  });

  it.skipIf(!canCapture)(
    'handshake: SYN, SYN-ACK, ACK are attributed to connect(), and accept() sends nothing',
    async () => {
      const { events, exits } = await runLesson(handshake);
      const callOf = (syscall: string) => exits.find((e) => e.syscall === syscall)?.callId;
      const packets = of(events, 'packet');
      const wire = (callId: number | undefined) =>
        packets.filter((p) => p.callId === callId).map((p) => `${p.flags.join('+')} ${p.relSeq}/${p.relAck}`);
      expect(wire(callOf('connect'))).toEqual(['SYN 0/0', 'SYN+ACK 0/1', 'ACK 1/1']);
      expect(wire(callOf('accept'))).toEqual([]);
      const syn = packets.find((p) => p.flags.join() === 'SYN');
      expect(syn?.options.mss).toBeGreaterThan(0);
      const [clientClose, serverClose] = exits.filter((e) => e.syscall === 'close').map((e) => e.callId);
      expect(wire(clientClose)[0]).toMatch(/^ACK\+FIN/);
      expect(wire(serverClose)).toContain('ACK 2/2');
    },
  );

  it('handshake: the kernel table shows the bound-only socket, the queued child without fd, and TIME_WAIT', async () => {
    const { events, exits } = await runLesson(handshake);
    const tableAfter = (syscall: string, nth = 0) => {
      const callId = exits.filter((e) => e.syscall === syscall)[nth]?.callId;
      return of(events, 'kernel.table').find((t) => t.callId === callId)?.rows ?? [];
    };
    const port = exits.length > 0 ? of(events, 'socket.state').find((s) => s.tcp === 'LISTEN')?.local?.port : 0;
    expect(tableAfter('bind')).toEqual([expect.objectContaining({ state: 'CLOSED', remote: null, owner: 'lab' })]);
    const afterConnect = tableAfter('connect');
    expect(afterConnect.find((r) => r.state === 'LISTEN')).toMatchObject({ recvQ: 1, sendQ: 5 });
    expect(afterConnect.find((r) => r.local.port === port && r.remote !== null)).toMatchObject({
      state: 'ESTABLISHED',
      inode: 0,
      socket: null,
    });
    const last = tableAfter('close', 2);
    expect(last).toEqual([expect.objectContaining({ state: 'TIME_WAIT', inode: 0 })]);
    expect(last[0]?.timer.kind).toBe('timewait');
    expect(last[0]?.timer.expiresMs).toBeGreaterThan(50_000);
  });

  it('reports a lesson expectation the kernel does not meet (the check can fail)', async () => {
    const wrong: Lesson = {
      ...hello,
      steps: hello.steps.map((s, i) => (i === 6 ? { ...s, expect: { ...s.expect, ret: 12 } } : s)),
    };
    const { runner, events } = await runLesson(wrong);
    expect(runner.summary()).toMatchObject({ ok: false, mismatches: 1 });
    expect(of(events, 'lesson.check').find((c) => !c.ok)).toMatchObject({
      index: 6,
      expected: expect.stringContaining('ret 12'),
    });
  });

  it('a port in use is a real EADDRINUSE at bind(), and the lesson stops as the C program would', async () => {
    const squatter = new Lab();
    const s = squatter.socket().socket as string;
    squatter.bind(s, { host: '127.0.0.1', port: 0 });
    squatter.listen(s, 1);
    const port = squatter.observe(s).local?.port as number;
    try {
      const { runner, exits, events } = await runLesson(hello, port);
      expect(exits.find((e) => e.syscall === 'bind')).toMatchObject({ ret: -1, errno: { name: 'EADDRINUSE' } });
      expect(runner.finished).toBe(true);
      expect(runner.stopped).toContain('EADDRINUSE');
      expect(exits.map((e) => e.syscall)).toEqual(['socket', 'bind']);
      // exit(1): the kernel closes the program's sockets.
      expect(lab?.sockets().every((sock) => sock.closed)).toBe(true);
      expect(of(events, 'lesson.end')).toMatchObject([{ ok: false }]);
      await expect(runner.step()).rejects.toMatchObject({ code: 'SOCKLAB_ERR_LESSON_STATE' });
    } finally {
      squatter.closeAll();
    }
  });
});

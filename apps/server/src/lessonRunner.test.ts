import { Lab, PacketCapture, SocketTable, TableObserver } from '@socklab/kernel';
import {
  addrInUse,
  autoBind,
  backlog,
  echo,
  epipe,
  halfClose,
  handshake,
  hello,
  type Lesson,
  lessons,
  multiClient,
  nonblocking,
  refused,
  reset,
  type Step,
  seedPitfalls,
  stream,
  timeWait,
} from '@socklab/lessons';
import { type EventOf, isValidEvent, type SocklabEvent, wholeTables } from '@socklab/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { EventLog } from './eventLog.ts';
import { LabNetwork } from './lab/network.ts';
import { LessonRunner, waitLimitMs } from './lessonRunner.ts';

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

// Each run in a network of its own where the machine allows it (as the server runs lessons), so
// nothing another test or program holds on the host can change what the kernel answers.
async function runLesson(
  lesson: Lesson,
  port = 0,
  options: { capture?: false; keepPort?: boolean; shared?: boolean } = {},
) {
  const network = LabNetwork.open({
    ...(options.capture === false ? { capture: false } : {}),
    ...(options.shared ? { isolate: false } : {}),
  });
  lab = network.lab;
  const log = new EventLog();
  const runner = new LessonRunner(lab, lesson, { port }, (e) => log.append(e), {
    ...network.watchers(),
    ...(options.keepPort ? { keepPort: true } : {}),
  });
  cleanup.push(() => {
    runner.dispose();
    network.close();
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
  // As an unprivileged user sees it: no packets, so the kernel table alone must find every connection.
  it.each(lessons.map((l) => [l.id, l] as const))('%s: passes without packet capture too', async (_id, lesson) => {
    const { runner, events } = await runLesson(lesson, 0, { capture: false });
    expect(of(events, 'packet')).toEqual([]);
    expect(of(events, 'lesson.check').filter((c) => !c.ok)).toEqual([]);
    expect(runner.summary()).toMatchObject({ ok: true, finished: true });
  });

  it.each(lessons.map((l) => [l.id, l] as const))(
    'LOG-1, LOG-2, CALL-1: %s: every step matches the kernel and every event is valid',
    async (_id, lesson) => {
      const { runner, events } = await runLesson(lesson);
      // The failing checks themselves, so that a difference says what the kernel did.
      expect(of(events, 'lesson.check').filter((c) => !c.ok)).toEqual([]);
      expect(runner.summary()).toEqual({ lesson: lesson.id, ok: true, mismatches: 0, finished: true });
      const checks = of(events, 'lesson.check').sort((a, b) => a.index - b.index);
      expect(checks.map((c) => [c.index, c.ok])).toEqual(lesson.steps.map((_, i) => [i, true]));
      for (const e of events) expect(isValidEvent(e)).toBe(true);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    },
  );

  it('CALL-1, CALL-4, TRUTH-2: hello: real return values, states and the client’s output', async () => {
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
    expect(of(events, 'output')).toMatchObject([{ actor: 'client', text: 'Message from server: Hello World! \n' }]);
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
    expect(of(events, 'output')).toMatchObject([{ actor: 'client', text: '13 : Hello, socket\n' }]);
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
      expect(wire(clientClose)[0]).toMatch(/^FIN\+ACK/);
      expect(wire(serverClose)).toContain('ACK 2/2');
    },
  );

  it('handshake: the kernel table shows the bound-only socket, the queued child without fd, and TIME_WAIT', async () => {
    const { events, exits } = await runLesson(handshake);
    const tableAfter = (syscall: string, nth = 0) => {
      const callId = exits.filter((e) => e.syscall === syscall)[nth]?.callId;
      return wholeTables(events).find((t) => t.callId === callId)?.rows ?? [];
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

  it('LESSON-1: reports a lesson expectation the kernel does not meet (the check can fail)', async () => {
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

  it('LESSON-2, TRUTH-2: a port in use is a real EADDRINUSE at bind(), and the lesson stops as the C program would', async () => {
    const squatter = new Lab();
    const s = squatter.socket().created as string;
    squatter.bind(s, { host: '127.0.0.1', port: 0 });
    squatter.listen(s, 1);
    const port = squatter.observe(s).local?.port as number;
    try {
      const { runner, exits, events } = await runLesson(hello, port, { keepPort: true, shared: true });
      expect(exits.find((e) => e.syscall === 'bind')).toMatchObject({ ret: -1, errno: { name: 'EADDRINUSE' } });
      expect(runner.finished).toBe(true);
      expect(runner.stopped).toContain('EADDRINUSE');
      expect(exits.map((e) => e.syscall)).toEqual(['socket', 'bind']);
      // The program prints its own message (hello_server.c: `printf("bind() 실행 에러\n"); exit(1);`)…
      expect(of(events, 'output')).toEqual([
        expect.objectContaining({ actor: 'server', stream: 'stdout', text: 'bind() 실행 에러\n' }),
      ]);
      // …and exit(1): the kernel closes the program's sockets.
      expect(lab?.sockets().every((sock) => sock.closed)).toBe(true);
      expect(of(events, 'lesson.end')).toMatchObject([{ ok: false }]);
      await expect(runner.step()).rejects.toMatchObject({ code: 'SOCKLAB_ERR_LESSON_STATE' });
    } finally {
      squatter.closeAll();
    }
  });
});

type Run = Awaited<ReturnType<typeof runLesson>>;

/** The exits of one actor's calls of one kind, in the order they returned. */
const exitsOf = (run: Run, actor: string, syscall: string) =>
  run.exits.filter((e) => e.actor === actor && e.syscall === syscall);
/** A call's segments without the bare ACKs a timer sent before them (WIRE-1). */
const withoutTimerAcks = (flags: string[]): string[] => {
  const first = flags.findIndex((f) => f !== 'ACK');
  return first < 0 ? [] : flags.slice(first);
};

/** The flags of the packets shown with a call, as `RST+ACK`. */
const wireOf = (run: Run, callId: number | undefined) =>
  of(run.events, 'packet')
    .filter((p) => p.callId === callId)
    .map((p) => p.flags.join('+'));
/** The kernel table read right after a call. */
const tableAfter = (run: Run, callId: number | undefined) =>
  wholeTables(run.events).find((t) => t.callId === callId)?.rows ?? [];
/** The port the lesson's first listener got. */
const serverPort = (run: Run) =>
  of(run.events, 'socket.state').find((s) => s.role === 'listener' && s.local?.port)?.local?.port;
const bytesOf = (base64: string) => [...Buffer.from(base64, 'base64')];

describe('chapters 2–5 on the real kernel', () => {
  it('refused: no listener, then bound but not listening: ECONNREFUSED with an RST each time; listen() lets it in', async () => {
    const run = await runLesson(refused);
    const connects = exitsOf(run, 'client', 'connect');
    expect(connects.map((e) => [e.ret, e.errno?.name ?? null])).toEqual([
      [-1, 'ECONNREFUSED'],
      [-1, 'ECONNREFUSED'],
      [0, null],
    ]);
    // The first connect ran before any server existed, to a port the kernel said was free; the server bound that port.
    const bindExit = exitsOf(run, 'server', 'bind')[0];
    const port = serverPort(run);
    expect(connects[0]?.callId).toBeLessThan(bindExit?.callId ?? 0);
    const firstConnect = of(run.events, 'syscall.enter').find((e) => e.callId === connects[0]?.callId);
    expect(firstConnect?.call).toMatchObject({ syscall: 'connect', address: { port } });
    // Bound, not listening: the kernel's table lists the port held by a CLOSED socket with an fd.
    expect(tableAfter(run, bindExit?.callId)).toEqual([
      expect.objectContaining({ state: 'CLOSED', remote: null, local: expect.objectContaining({ port }) }),
    ]);
    if (canCapture) {
      expect(wireOf(run, connects[0]?.callId)).toEqual(['SYN', 'RST+ACK']);
      expect(wireOf(run, connects[1]?.callId)).toEqual(['SYN', 'RST+ACK']);
    }
  });

  it('addr-in-use: EADDRINUSE beside a listener and beside TIME_WAIT; SO_REUSEADDR binds past TIME_WAIT only', async () => {
    const run = await runLesson(addrInUse);
    const binds = (actor: string) => exitsOf(run, actor, 'bind').map((e) => e.errno?.name ?? e.ret);
    expect(binds('server')).toEqual([0]);
    expect(binds('server2')).toEqual(['EADDRINUSE']);
    expect(binds('server3')).toEqual(['EADDRINUSE', 0]);
    const port = serverPort(run);
    const refusedBind = exitsOf(run, 'server3', 'bind')[0]?.callId;
    const rows = tableAfter(run, refusedBind);
    expect(rows).toContainEqual(
      expect.objectContaining({ state: 'TIME_WAIT', inode: 0, local: expect.objectContaining({ port }) }),
    );
    expect(rows.some((r) => r.state === 'LISTEN')).toBe(false);
  });

  it(
    'backlog: listen(fd, 1) queues 2, the other clients wait in SYN_SENT and get in at the SYN retransmission; accept() waits for it (lesson.wait), never blocks',
    async () => {
      const run = await runLesson(backlog);
      const connect = (n: number) => exitsOf(run, `client${n}`, 'connect')[0];
      expect([1, 2, 3, 4].map((n) => connect(n)?.ret)).toEqual([0, 0, 0, 0]);
      for (const n of [3, 4]) {
        expect(connect(n)?.blocked).toBe(true);
        // The first retransmission comes 1 s after the first SYN (RFC 6298 initial RTO).
        expect(connect(n)?.durationMs).toBeGreaterThan(900);
      }
      expect(connect(1)?.durationMs).toBeLessThan(500);
      const checks = of(run.events, 'lesson.check');
      const waiting = backlog.steps.findIndex((s) => s.actor === 'client3' && s.call.syscall === 'connect');
      expect(checks.find((c) => c.index === waiting)?.actual).toContain('while blocked: tcp SYN_SENT');
      const accepts = exitsOf(run, 'server', 'accept');
      expect(accepts.map((e) => e.blocked)).toEqual([false, false, false, false]);
      const waits = of(run.events, 'lesson.wait');
      // Unless a retransmission already refilled the queue, each of those two accept()s announced its wait first.
      expect(waits.every((w) => w.until.kind === 'acceptQueue' && w.until.length === 2)).toBe(true);
      expect(waits.length).toBeLessThanOrEqual(2);
      if (canCapture) {
        const port3 = of(run.events, 'socket.state').find((s) => s.actor === 'client3' && s.local?.port)?.local?.port;
        const syns = of(run.events, 'packet').filter((p) => p.flags.join() === 'SYN' && p.src.port === port3);
        expect(syns.length).toBeGreaterThanOrEqual(2);
      }
    },
    waitLimitMs + 5_000,
  );

  it('time-wait: whoever closes first leaves a TIME_WAIT row whose timer counts down', async () => {
    const run = await runLesson(timeWait);
    const port = serverPort(run);
    const tables = wholeTables(run.events);
    const timers = (side: 'server' | 'client') =>
      tables.flatMap((t) =>
        t.rows
          .filter((r) => r.state === 'TIME_WAIT' && (r.local.port === port) === (side === 'server'))
          .map((r) => r.timer),
      );
    const clientSide = timers('client');
    expect(clientSide.length).toBeGreaterThan(2);
    expect(clientSide.every((t) => t.kind === 'timewait' && t.expiresMs > 50_000 && t.expiresMs <= 60_000)).toBe(true);
    expect(clientSide.at(-1)?.expiresMs).toBeLessThanOrEqual(clientSide[0]?.expiresMs ?? 0);
    // The server closed the second connection first: its TIME_WAIT is younger than the client's. A row
    // no call touched keeps the timer of its last read (SPEC TABLE-1), so compare when each first appeared.
    const serverSide = timers('server');
    expect(serverSide.every((t) => t.kind === 'timewait' && t.expiresMs > 50_000 && t.expiresMs <= 60_000)).toBe(true);
    const firstSeen = (side: 'server' | 'client') =>
      run.events.findIndex(
        (e) =>
          (e.type === 'kernel.table' || e.type === 'kernel.changes') &&
          e.rows.some((r) => r.state === 'TIME_WAIT' && (r.local.port === port) === (side === 'server')),
      );
    expect(firstSeen('client')).toBeGreaterThan(-1);
    expect(firstSeen('server')).toBeGreaterThan(firstSeen('client'));
    const last = tables.at(-1)?.rows ?? [];
    expect(last.filter((r) => r.state === 'TIME_WAIT' && r.inode === 0)).toHaveLength(2);
  });

  it('auto-bind: listen() without bind() gets an ephemeral port on 0.0.0.0; connect() picks one too', async () => {
    const run = await runLesson(autoBind);
    const [serverName] = exitsOf(run, 'server', 'getsockname');
    expect(serverName?.address).toMatchObject({ host: '0.0.0.0' });
    const port = serverName?.address?.port ?? 0;
    expect(port).toBeGreaterThanOrEqual(1024);
    const [before, after] = exitsOf(run, 'client', 'getsockname');
    expect(before?.address).toMatchObject({ host: '0.0.0.0', port: 0 });
    expect(after?.address).toMatchObject({ host: '127.0.0.1' });
    expect(after?.address?.port).toBeGreaterThanOrEqual(1024);
    expect(after?.address?.port).not.toBe(port);
    const connect = of(run.events, 'syscall.enter').find((e) => e.actor === 'client' && e.call.syscall === 'connect');
    expect(connect?.call).toMatchObject({ address: { port } });
    expect(exitsOf(run, 'client', 'getpeername')[0]?.address?.port).toBe(port);
  });

  it('reset: SO_LINGER {1, 0} and unread data both send RST, and the peer’s read() gets ECONNRESET', async () => {
    const run = await runLesson(reset);
    expect(exitsOf(run, 'server', 'read')[0]).toMatchObject({ ret: -1, blocked: true, errno: { name: 'ECONNRESET' } });
    expect(exitsOf(run, 'client2', 'read')[0]).toMatchObject({ ret: -1, blocked: true, errno: { name: 'ECONNRESET' } });
    if (canCapture) {
      expect(wireOf(run, exitsOf(run, 'client1', 'close')[0]?.callId)).toEqual(['RST+ACK']);
      expect(wireOf(run, exitsOf(run, 'server', 'close')[1]?.callId)).toEqual(['RST+ACK']);
    }
  });

  it('epipe: the first write after the peer closed succeeds and draws an RST, the next fails with EPIPE', async () => {
    const run = await runLesson(epipe);
    const writes = exitsOf(run, 'client', 'write');
    expect(writes.map((e) => [e.ret, e.errno?.name ?? null])).toEqual([
      [14, null],
      [-1, 'EPIPE'],
    ]);
    expect(writes[1]?.impl).toContain('MSG_NOSIGNAL');
    // The program lived on: it read end of stream and closed.
    expect(exitsOf(run, 'client', 'read')[0]?.ret).toBe(0);
    expect(exitsOf(run, 'client', 'close')[0]?.ret).toBe(0);
    if (canCapture) {
      // WIRE-1: the client's delayed ACK of the server's FIN (a 40 ms timer) may fire while this write
      // runs, before its data: a bare ACK first is that timer's, the write's own segments follow.
      expect(withoutTimerAcks(wireOf(run, writes[0]?.callId))).toEqual(['PSH+ACK', 'RST']);
      expect(wireOf(run, writes[1]?.callId)).toEqual([]);
    }
  });

  it('stream: two writes in one read, message[30] cuts at 29 bytes, and UTF-8 splits inside a character', async () => {
    const run = await runLesson(stream);
    expect(exitsOf(run, 'client', 'read').map((e) => e.ret)).toEqual([13, 29, 12, 29, 2, 0]);
    const received = of(run.events, 'data').filter((d) => d.actor === 'client' && d.direction === 'received');
    const korean = received[3];
    // "상" is EC 83 81: the 29-byte read ends with its first two bytes, the next read starts with the third.
    expect(bytesOf(korean?.base64 ?? '').slice(-2)).toEqual([0xec, 0x83]);
    expect(bytesOf(received[4]?.base64 ?? '')).toEqual([0x81, 0x21]);
    expect(korean?.text).toBe('안녕하세요, 소켓 세\uFFFD');
    expect(of(run.events, 'output').map((o) => o.text)).toEqual([
      'Message from server: Hello, World! \n',
      'Message from server: This message is longer than t \n',
      'Message from server: hirty bytes. \n',
      'Message from server: 안녕하세요, 소켓 세\uFFFD \n',
      'Message from server: \uFFFD! \n',
    ]);
  });

  it('half-close: after shutdown(SHUT_WR) the server reads end of stream and still answers', async () => {
    const run = await runLesson(halfClose);
    expect(exitsOf(run, 'client', 'shutdown')[0]?.ret).toBe(0);
    expect(exitsOf(run, 'server', 'read').map((e) => e.ret)).toEqual([17, 0]);
    const answer = exitsOf(run, 'server', 'write')[0];
    expect(answer?.ret).toBe(22);
    const states = tableAfter(run, answer?.callId).map((r) => r.state);
    expect(states).toEqual(expect.arrayContaining(['FIN_WAIT_2', 'CLOSE_WAIT']));
    expect(of(run.events, 'output')).toMatchObject([{ actor: 'client', text: '17 : How long is this?\n' }]);
    expect(exitsOf(run, 'client', 'read').map((e) => e.ret)).toEqual([22, 0]);
  });

  it('multi-client: one socket per client, and they keep working after the listener is closed', async () => {
    const run = await runLesson(multiClient);
    const accepts = exitsOf(run, 'server', 'accept');
    expect(new Set(accepts.map((e) => e.ret)).size).toBe(3);
    expect(new Set(accepts.map((e) => e.address?.port)).size).toBe(3);
    const listenerClosed = exitsOf(run, 'server', 'close')[0]?.callId ?? Number.POSITIVE_INFINITY;
    const reads = exitsOf(run, 'server', 'read');
    expect(reads.every((e) => e.callId > listenerClosed && e.ret === 13)).toBe(true);
    expect(
      of(run.events, 'output')
        .map((o) => `${o.actor} ${o.text}`)
        .sort(),
    ).toEqual(['client1 13 : I am client 1\n', 'client2 13 : I am client 2\n', 'client3 13 : I am client 3\n']);
  });

  it('nonblocking: EAGAIN from accept() and read(), EINPROGRESS from connect(), the outcome in SO_ERROR', async () => {
    const run = await runLesson(nonblocking);
    const errnos = (actor: string, syscall: string) => exitsOf(run, actor, syscall).map((e) => e.errno?.name ?? e.ret);
    expect(errnos('server', 'accept')).toEqual(['EAGAIN', expect.any(Number)]);
    expect(errnos('server', 'read')).toEqual(['EAGAIN', 4]);
    expect(errnos('client', 'read')).toEqual(['EAGAIN', 4]);
    expect(errnos('client', 'connect')).toEqual(['EINPROGRESS', 'EINPROGRESS']);
    expect(run.exits.every((e) => !e.blocked)).toBe(true);
    const soErrors = nonblocking.steps.flatMap((s, i) => (s.call.syscall === 'getsockopt' ? [i] : []));
    const checks = of(run.events, 'lesson.check');
    expect(soErrors.map((i) => checks.find((c) => c.index === i)?.actual)).toEqual([
      'ret 0, errno none, SO_ERROR none',
      'ret 0, errno none, SO_ERROR ECONNREFUSED',
      'ret 0, errno none, SO_ERROR none',
    ]);
  });

  it('seed-pitfalls: strlen + 1 puts the NUL on the wire; the reader stops at the first one', async () => {
    const run = await runLesson(seedPitfalls);
    const sent = of(run.events, 'data').filter((d) => d.actor === 'client' && d.direction === 'sent');
    expect(sent.map((d) => d.text)).toEqual(['Hello\\0', 'World\\0']);
    expect(sent.map((d) => bytesOf(d.base64).at(-1))).toEqual([0, 0]);
    const received = of(run.events, 'data').find((d) => d.actor === 'server' && d.direction === 'received');
    expect(Buffer.from(received?.base64 ?? '', 'base64').toString('latin1')).toBe('Hello\0World\0');
    expect(of(run.events, 'output')).toMatchObject([{ actor: 'client', text: '5 : Hello\n' }]);
    expect(seedPitfalls.corrections.slice(0, 4).map((c) => c.seed)).toEqual([
      '#include<sys/scoket.h>',
      expect.stringContaining('client_addr_size);'),
      'memset( &server_addr, 0, sizeof( server_addr);',
      expect.stringContaining('strlen( buff_snd)+1'),
    ]);
    if (canCapture) {
      const writes = exitsOf(run, 'client', 'write').map((e) => e.callId);
      const payloads = of(run.events, 'packet').filter((p) => writes.includes(p.callId ?? -1) && p.length > 0);
      expect(payloads.map((p) => bytesOf(p.payloadBase64).at(-1))).toEqual([0, 0]);
      expect(payloads.map((p) => p.payloadText)).toEqual(['Hello\\0', 'World\\0']);
    }
  });
});

describe('runner: steps that wait for the kernel', () => {
  const lateClient: Lesson = {
    ...hello,
    id: 'late-client',
    steps: [
      ...hello.steps.slice(0, 3),
      {
        ...(hello.steps[3] as Step),
        expect: {
          ret: 'fd',
          errno: null,
          blocks: true,
          whileBlocked: { tcp: 'LISTEN', acceptQueue: 0 },
          tcp: 'ESTABLISHED',
        },
      },
      {
        actor: 'server',
        call: { syscall: 'close', socket: 'client_socket' },
        line: 1,
        narration: { ko: '닫기', en: 'close' },
        expect: { ret: 0, errno: null },
        wait: true,
      },
    ],
  };

  async function start(lesson: Lesson) {
    lab = new Lab();
    const log = new EventLog();
    const table = new SocketTable();
    const runner = new LessonRunner(lab, lesson, { port: 0 }, (e) => log.append(e), {
      table: new TableObserver(table),
    });
    cleanup.push(() => {
      runner.dispose();
      table.close();
    });
    runner.start();
    for (let i = 0; i < 4; i++) await runner.step();
    const port = of([...log.events()], 'socket.state').find((s) => s.tcp === 'LISTEN')?.local?.port as number;
    return { runner, log, port };
  }

  // A client outside the lesson, after a real delay: the blocked accept() returns only then.
  function connectLater(port: number, ms: number) {
    const outside = new Lab();
    cleanup.push(() => outside.closeAll());
    const client = outside.socket().created as string;
    // If the test ends first, closeAll() abandons the connect: that rejection is expected.
    setTimeout(() => outside.connect(client, { host: '127.0.0.1', port }).catch(() => undefined), ms);
  }

  it('PACE-1, OUT-1: a step marked wait waits for its actor’s blocked call, whose checks (while blocked too) then run', async () => {
    const { runner, log, port } = await start(lateClient);
    expect(runner.blocked()).toEqual([{ actor: 'server', syscall: 'accept', socket: expect.any(String) }]);
    connectLater(port, 150);
    const t0 = performance.now();
    await runner.step();
    expect(performance.now() - t0).toBeGreaterThan(100);
    expect(runner.summary()).toEqual({ lesson: 'late-client', ok: true, mismatches: 0, finished: true });
    const events = [...log.events()];
    const acceptExit = events.findIndex((e) => e.type === 'syscall.exit' && e.syscall === 'accept');
    const closeStep = events.findIndex((e) => e.type === 'lesson.step' && e.index === 4);
    expect(acceptExit).toBeGreaterThan(-1);
    expect(acceptExit).toBeLessThan(closeStep);
    expect(of(events, 'lesson.check').find((c) => c.index === 3)?.actual).toContain(
      'while blocked: tcp LISTEN, while blocked: accept queue 0',
    );
    // The connection came from no socket of the lesson: the runner says whose it is (this very process here).
    expect(of(events, 'lesson.outside')).toEqual([
      expect.objectContaining({ index: 3, owner: { pid: process.pid, command: expect.any(String) } }),
    ]);
  });

  it('without wait, a step of a blocked actor is refused and nothing runs', async () => {
    const noWait: Lesson = {
      ...lateClient,
      steps: lateClient.steps.map((s, i) => (i === 4 ? { ...s, wait: false } : s)),
    };
    const { runner, port } = await start(noWait);
    await expect(runner.step()).rejects.toMatchObject({ code: 'SOCKLAB_ERR_BUSY' });
    expect(runner.next).toBe(4);
    expect(runner.blocked()).toEqual([{ actor: 'server', syscall: 'accept', socket: expect.any(String) }]);
    expect(port).toBeGreaterThan(0);
  });

  it('a wrong expectation about the blocked moment is reported', async () => {
    const wrong: Lesson = {
      ...lateClient,
      steps: lateClient.steps.map((s, i) =>
        i === 3 ? { ...s, expect: { ...s.expect, whileBlocked: { acceptQueue: 1 } } } : s,
      ),
    };
    const { runner, log, port } = await start(wrong);
    connectLater(port, 20);
    await runner.step();
    expect(runner.summary()).toMatchObject({ ok: false, mismatches: 1 });
    expect(of([...log.events()], 'lesson.check').find((c) => !c.ok)).toMatchObject({
      index: 3,
      expected: expect.stringContaining('while blocked: accept queue 1'),
      actual: expect.stringContaining('while blocked: accept queue 0'),
    });
  });
});

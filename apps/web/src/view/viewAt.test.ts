import { hello } from '@socklab/lessons';
import {
  type EventOf,
  flagSet,
  parseEvent,
  type SocklabEvent,
  showCall,
  type TcpFlag,
  wholeTables,
} from '@socklab/protocol';
import { describe, expect, it } from 'vitest';
import { findEndpoint } from './endpoints.ts';
import {
  after,
  continued,
  echoLog,
  handshakeLog,
  helloLog,
  helloOutsideLog,
  ready,
  recordingTexts,
  refusedLog,
} from './recordings.fixture.ts';
import { base64Length, headAt, shownEndpoint, socketsOf, viewAt } from './viewAt.ts';
import { windowShift } from './wire.ts';

const isStep = (index: number) => (e: SocklabEvent) => e.type === 'lesson.step' && e.index === index;
const exitOf = (log: readonly SocklabEvent[], syscall: string, actor: string) =>
  log.find(
    (e): e is EventOf<'syscall.exit'> => e.type === 'syscall.exit' && e.syscall === syscall && e.actor === actor,
  )!;
const helloPort = helloLog.find((e): e is EventOf<'lesson.port'> => e.type === 'lesson.port')!.port;
const fd = { listener: exitOf(helloLog, 'socket', 'server').ret, accepted: exitOf(helloLog, 'accept', 'server').ret };

describe('the recordings', () => {
  it('hold only valid events, line by line, between the header and the end line', () => {
    for (const [name, text] of Object.entries(recordingTexts)) {
      const all = text.trim().split('\n');
      expect(JSON.parse(all.at(-1) ?? ''), name).toEqual({ format: 'socklab-recording-end', events: all.length - 2 });
      const lines = all.slice(1, -1);
      expect(lines.length, name).toBeGreaterThan(30);
      for (const line of lines) {
        const parsed = parseEvent(line);
        expect(parsed.ok ? null : `${name}: ${parsed.error}`).toBeNull();
      }
    }
  });

  it('number their events in the order the server sent them', () => {
    for (const log of [helloLog, echoLog, handshakeLog, helloOutsideLog]) {
      expect(log.every((e, i) => i === 0 || e.seq > log[i - 1]!.seq)).toBe(true);
      expect(log.every((e, i) => i === 0 || e.t >= log[i - 1]!.t)).toBe(true);
    }
  });
});

describe('viewAt on the hello recording', () => {
  it('shows nothing for an empty log, whatever the cursor', () => {
    for (const cursor of [-3, 0, 5]) {
      const view = viewAt([], cursor);
      expect(view.lesson).toBeNull();
      expect(view.sockets).toEqual([]);
      expect(view.lastSeq).toBe(-1);
    }
  });

  it('knows the session and the lesson before any step', () => {
    const view = viewAt(helloLog, ready(helloLog, 0));
    expect(view.hello?.capabilities.capture.available).toBe(true);
    expect(view.lesson).toMatchObject({ id: 'hello', port: 0, steps: hello.steps.length });
    expect(view.lessonDef).toBe(hello);
    expect(view.next).toBe(0);
    expect(view.ready).toBe(true);
    expect(view.current).toBeNull();
    expect(view.port).toBe(0);
  });

  it('is not ready between a lesson.step and its lesson.ready', () => {
    const view = viewAt(helloLog, after(helloLog, isStep(0)));
    expect(view.ready).toBe(false);
    expect(view.current).toMatchObject({ index: 0, actor: 'server', syscall: 'socket' });
    expect(view.inCall.server).toBeUndefined();
    const entered = viewAt(helloLog, after(helloLog, isStep(0)) + 1);
    expect(entered.inCall.server?.syscall).toBe('socket');
  });

  it('names each socket with the C variable the server sent', () => {
    const view = viewAt(helloLog, ready(helloLog, 1));
    expect(view.sockets).toEqual([
      expect.objectContaining({
        id: 'sock-1',
        fd: fd.listener,
        name: 'server_socket',
        role: 'listener',
        tcp: 'CLOSED',
      }),
    ]);
    const end = viewAt(helloLog, helloLog.length);
    expect(end.sockets.map((s) => [s.actor, s.name])).toEqual([
      ['server', 'server_socket'],
      ['client', 'sock'],
      ['server', 'client_socket'],
    ]);
  });

  it('shows the port of lesson.port once the kernel chose it, and keeps it after the listener closed', () => {
    expect(viewAt(helloLog, ready(helloLog, 1)).port).toBe(0);
    expect(helloPort).toBeGreaterThan(0);
    expect(viewAt(helloLog, ready(helloLog, 2)).port).toBe(helloPort);
    expect(viewAt(helloLog, helloLog.length).port).toBe(helloPort);
  });

  it('keeps each call as the kernel got it, for showCall', () => {
    const view = viewAt(helloLog, helloLog.length);
    const bind = view.calls.find((c) => c.syscall === 'bind')!;
    expect(showCall(bind.call)).toBe(`bind(${fd.listener}, {AF_INET, 127.0.0.1:0}, 16)`);
    const write = view.calls.find((c) => c.syscall === 'write')!;
    expect(showCall(write.call)).toBe(`write(${fd.accepted}, "Hello World!\\0", 13)`);
  });

  it('puts each actor on the line of its latest step', () => {
    const view = viewAt(helloLog, ready(helloLog, 5));
    expect(view.byActor.server).toEqual({ step: 3, line: hello.steps[3]!.line });
    expect(view.byActor.client).toEqual({ step: 4, line: hello.steps[4]!.line });
  });

  it('shows accept() blocked until the client connects, then its real return value', () => {
    const blocked = viewAt(helloLog, ready(helloLog, 4));
    expect(blocked.blocked.server).toMatchObject({ syscall: 'accept', blocked: true, exit: null });
    expect(blocked.blocked.client).toBeUndefined();
    expect(blocked.sockets.find((s) => s.id === 'sock-1')).toMatchObject({ tcp: 'LISTEN', acceptQueue: 0, backlog: 5 });
    expect(viewAt(helloLog, ready(helloLog, 5)).blocked.server?.syscall).toBe('accept');

    const woken = viewAt(helloLog, ready(helloLog, 6));
    expect(woken.blocked.server).toBeUndefined();
    const accept = woken.calls.find((c) => c.syscall === 'accept')!;
    expect(accept).toMatchObject({ actor: 'server', step: 3, blocked: true });
    expect(accept.exit).toMatchObject({ ret: fd.accepted, errno: null, created: 'sock-3' });
    expect(woken.sockets.find((s) => s.id === 'sock-3')).toMatchObject({
      actor: 'server',
      role: 'connection',
      name: 'client_socket',
      tcp: 'ESTABLISHED',
    });
  });

  it('keeps the call history in order of entry, with enter/exit pairs', () => {
    const view = viewAt(helloLog, helloLog.length);
    expect(view.calls.map((c) => [c.actor, c.syscall, c.exit?.ret])).toEqual([
      ['server', 'socket', fd.listener],
      ['server', 'bind', 0],
      ['server', 'listen', 0],
      ['server', 'accept', fd.accepted],
      ['client', 'socket', exitOf(helloLog, 'socket', 'client').ret],
      ['client', 'connect', 0],
      ['server', 'write', 13],
      ['client', 'read', 13],
      ['client', 'close', 0],
      ['server', 'close', 0],
      ['server', 'close', 0],
    ]);
    expect(view.calls.filter((c) => c.blocked).map((c) => c.syscall)).toEqual(['accept', 'connect']);
  });

  it('links the bytes moved to their calls, with a byte count from the base64', () => {
    const view = viewAt(helloLog, helloLog.length);
    expect(view.data.map((d) => [d.actor, d.direction, d.bytes, d.text])).toEqual([
      ['server', 'sent', 13, 'Hello World!\\0'],
      ['client', 'received', 13, 'Hello World!\\0'],
    ]);
    expect(view.calls.find((c) => c.syscall === 'read')?.data).toHaveLength(1);
  });

  it('collects what each program printed, from the read that printed it on', () => {
    expect(viewAt(helloLog, ready(helloLog, 7)).output).toEqual({});
    const view = viewAt(helloLog, ready(helloLog, 8));
    expect(view.output.client).toEqual([{ stream: 'stdout', text: 'Message from server: Hello World! \n' }]);
    expect(view.output.server).toBeUndefined();
  });

  it('keeps where each kernel-table row came from', () => {
    const table = viewAt(helloLog, ready(helloLog, 6)).kernelTable!;
    const rawTable = wholeTables(helloLog.slice(0, ready(helloLog, 6))).at(-1)!;
    expect(table.source).toBe(rawTable.source);
    expect(table.rows.map((r) => [r.state, r.source])).toEqual(rawTable.rows.map((r) => [r.state, r.source]));
  });

  it('ends with every socket closed, every check ok and lesson.end', () => {
    const view = viewAt(helloLog, helloLog.length);
    expect(view.sockets.every((s) => s.closed && s.tcp === null && s.local === null)).toBe(true);
    expect(socketsOf(view, 'server').map((s) => s.fd)).toEqual([fd.listener, fd.accepted]);
    expect(socketsOf(view, 'client').map((s) => s.name)).toEqual(['sock']);
    expect(view.checks).toHaveLength(hello.steps.length);
    expect(view.mismatches).toEqual([]);
    expect(view.ended).toMatchObject({ ok: true, mismatches: 0 });
    expect(view.inCall).toEqual({});
    expect(view.blocked).toEqual({});
  });

  it('is a pure function of the cursor: moving back shows the earlier state again', () => {
    const mid = ready(helloLog, 4);
    const before = JSON.stringify(viewAt(helloLog, mid));
    viewAt(helloLog, helloLog.length);
    expect(JSON.stringify(viewAt(helloLog, mid))).toBe(before);
    expect(viewAt(helloLog, 10_000)).toEqual(viewAt(helloLog, helloLog.length));
    expect(viewAt(helloLog, mid).lastSeq).toBe(helloLog[mid - 1]!.seq);
  });

  it('starts over at the latest lesson.start (a reset), keeping the session', () => {
    const start = after(helloLog, (e) => e.type === 'lesson.start') - 1;
    const again = continued(helloLog.slice(start, ready(helloLog, 1)), helloLog.at(-1)!.seq + 1);
    const log = [...helloLog, ...again];
    const view = viewAt(log, log.length);
    expect(view.hello?.sessionId).toBe(helloLog[0]!.type === 'session.hello' ? helloLog[0]!.sessionId : null);
    expect(view.calls.map((c) => c.syscall)).toEqual(['socket']);
    expect(view.sockets.map((s) => s.id)).toEqual(['sock-1']);
    expect([view.ended, view.port, view.output]).toEqual([null, 0, {}]);
  });

  it('ignores the lesson of an earlier session', () => {
    const log = [...helloLog, ...continued([helloLog[0]!], helloLog.at(-1)!.seq + 1)];
    const view = viewAt(log, log.length);
    expect(view.lesson).toBeNull();
    expect(view.calls).toEqual([]);
    expect(view.hello).not.toBeNull();
  });

  it('marks a running call that an error ended as refused, not a blocked one', () => {
    const error = (seq: number): SocklabEvent => ({
      type: 'error',
      seq,
      t: 0,
      code: 'SOCKLAB_ERR_ADDRESS_REFUSED',
      message: 'bind refused',
    });
    const bindEntered = after(helloLog, (e) => e.type === 'syscall.enter' && e.call.syscall === 'bind');
    const refusedLog = [...helloLog.slice(0, bindEntered), error(1000)];
    const view = viewAt(refusedLog, refusedLog.length);
    expect(view.calls.at(-1)).toMatchObject({ syscall: 'bind', exit: null, refused: 'SOCKLAB_ERR_ADDRESS_REFUSED' });
    expect(view.inCall).toEqual({});
    expect(view.errors.map((e) => e.code)).toEqual(['SOCKLAB_ERR_ADDRESS_REFUSED']);

    const blockedLog = [...helloLog.slice(0, ready(helloLog, 4)), error(1000)];
    expect(viewAt(blockedLog, blockedLog.length).blocked.server).toMatchObject({ syscall: 'accept', refused: null });
  });
});

describe('headAt', () => {
  it('agrees with viewAt on what the controls need, at every cursor of every recording', () => {
    for (const log of [helloLog, echoLog, handshakeLog, helloOutsideLog]) {
      for (let cursor = 0; cursor <= log.length; cursor++) {
        const { hello, errors, lesson, lessonDef, port, next, ready, ended, lastSeq, blockedActors } = viewAt(
          log,
          cursor,
        );
        const head = { hello, errors, lesson, lessonDef, port, next, ready, ended, lastSeq, blockedActors };
        expect(headAt(log, cursor)).toEqual(head);
      }
    }
  });
});

describe('base64Length', () => {
  it('counts decoded bytes', () => {
    expect(base64Length('')).toBe(0);
    expect(base64Length('QQ==')).toBe(1);
    expect(base64Length('QUI=')).toBe(2);
    expect(base64Length('QUJD')).toBe(3);
    expect(base64Length('SGVsbG8gV29ybGQhAA==')).toBe(13);
  });
});

describe('viewAt on real recordings: the wire, the kernel table and each endpoint’s TCP states', () => {
  const flagsOf = (packets: readonly { flags: readonly TcpFlag[] }[]) => packets.map((p) => flagSet(p.flags));
  const callOf = (view: ReturnType<typeof viewAt>, callId: number | null) =>
    view.calls.find((c) => c.callId === callId)?.syscall ?? null;
  const withPackets = (view: ReturnType<typeof viewAt>) => view.wire.groups.filter((g) => g.packets.length > 0);

  it('refused: a program is one column of the wire, whatever addresses its sockets had', () => {
    // The client connects until a listener answers (refused by RST, then accepted): a port each, one lifeline, as a
    // playground session's hundred connections are one lifeline per program, not a hundred.
    const view = viewAt(refusedLog, refusedLog.length);
    const client = view.wire.peers.filter((p) => p.actor === 'client');
    expect(client).toHaveLength(1);
    const ports = new Set(
      view.packets
        .flatMap((p) => [p.src, p.dst])
        .filter((a) => view.wire.columnOf.get(`${a.host}:${a.port}`) === client[0]!.key)
        .map((a) => a.port),
    );
    expect(ports.size).toBeGreaterThanOrEqual(2);
    expect(client[0]!.addresses).toBe(ports.size);
    // Every address on the wire has a column.
    for (const p of view.packets) {
      expect(view.wire.peers.some((peer) => peer.key === view.wire.columnOf.get(`${p.src.host}:${p.src.port}`))).toBe(
        true,
      );
      expect(view.wire.peers.some((peer) => peer.key === view.wire.columnOf.get(`${p.dst.host}:${p.dst.port}`))).toBe(
        true,
      );
    }
  });

  it('handshake, after connect(): SYN, SYN-ACK, ACK under connect(), server column first', () => {
    const view = viewAt(handshakeLog, ready(handshakeLog, 5));
    const listenerPort = view.port!;
    expect(view.wire.peers.map((p) => [p.actor, p.listener, p.outside])).toEqual([
      ['server', true, false],
      ['client', false, false],
    ]);
    expect(view.wire.peers[0]!.address.port).toBe(listenerPort);
    // Every call is in the sequence, in order; only connect() put packets on the wire.
    expect(view.wire.groups.map((g) => [callOf(view, g.callId), g.packets.length])).toEqual([
      ['socket', 0],
      ['bind', 0],
      ['listen', 0],
      ['socket', 0],
      ['connect', 3],
    ]);
    const [group] = withPackets(view);
    expect(flagsOf(group!.packets)).toEqual(['SYN', 'SYN,ACK', 'ACK']);
    expect(group!.packets.map((p) => [p.relSeq, p.relAck])).toEqual([
      [0, 0],
      [0, 1],
      [1, 1],
    ]);
  });

  it('handshake, after connect(): the listener’s queue holds an ESTABLISHED child with no fd', () => {
    const view = viewAt(handshakeLog, ready(handshakeLog, 5));
    const table = view.kernelTable!;
    expect(table.source).toBe('sock_diag');
    const listener = table.rows.find((r) => r.state === 'LISTEN')!;
    expect([listener.recvQ, listener.sendQ, listener.holder, listener.change]).toEqual([1, 5, 'fd', 'changed']);
    expect(listener.changed).toEqual(['recvQ']);
    const child = table.rows.find((r) => r.state === 'ESTABLISHED' && r.local.port === view.port)!;
    expect([child.holder, child.fd, child.change]).toEqual(['nofd', null, 'new']);
    // The client's unbound CLOSED socket was in no table before connect().
    const client = table.rows.find((r) => r.state === 'ESTABLISHED' && r.local.port !== view.port)!;
    const clientFd = exitOf(handshakeLog, 'socket', 'client').ret;
    expect([client.holder, client.fd, client.change, client.changed]).toEqual(['fd', clientFd, 'new', []]);

    // The child came from LISTEN through SYN_RECEIVED; the client from CLOSED through SYN_SENT.
    const queued = findEndpoint(view.endpoints, child.endpoint)!;
    expect([queued.socket, queued.origin, queued.state]).toEqual([null, 'LISTEN', 'ESTABLISHED']);
    expect(queued.last).toMatchObject({ path: ['LISTEN', 'SYN_RECEIVED', 'ESTABLISHED'], direct: false });
    const sock = findEndpoint(view.endpoints, 'sock-2')!;
    expect(sock.history.map((h) => h.state)).toEqual(['CLOSED', 'ESTABLISHED']);
    expect(sock.last).toMatchObject({ from: 'CLOSED', to: 'ESTABLISHED', path: ['CLOSED', 'SYN_SENT', 'ESTABLISHED'] });
    expect(view.focus).toBe('sock-2');
    expect(view.listening?.port).toBe(view.port);
  });

  it('handshake, after accept(): the queued child is the accepted socket, now with an fd', () => {
    const view = viewAt(handshakeLog, ready(handshakeLog, 6));
    expect(view.focus).toBe('sock-3');
    const accepted = findEndpoint(view.endpoints, 'sock-3')!;
    expect(accepted).toMatchObject({ socket: 'sock-3', actor: 'server', origin: 'LISTEN', state: 'ESTABLISHED' });
    expect(accepted.history[0]).toMatchObject({ source: 'table', state: 'ESTABLISHED' });
    expect(view.endpoints.filter((e) => e.socket === null)).toEqual([]);
    const row = view.kernelTable!.rows.find((r) => r.endpoint === 'sock-3')!;
    const acceptedFd = exitOf(handshakeLog, 'accept', 'server').ret;
    expect([row.holder, row.fd, row.change, row.changed]).toEqual(['fd', acceptedFd, 'changed', ['holder']]);
    // accept() put nothing on the wire.
    expect(view.wire.groups.at(-1)).toMatchObject({ callId: 5, packets: [] });
    expect(withPackets(view)).toHaveLength(1);
  });

  it('handshake, after the client’s close(): its socket lives on without an fd, its FIN not yet acknowledged', () => {
    const view = viewAt(handshakeLog, ready(handshakeLog, 7));
    const sock = findEndpoint(view.endpoints, 'sock-2')!;
    // The peer delays its ACK of the FIN (RFC 9293 §3.8.6.3): the kernel still reports FIN_WAIT_1.
    expect([sock.open, sock.state]).toEqual([false, 'FIN_WAIT_1']);
    expect(sock.last).toMatchObject({ path: ['ESTABLISHED', 'FIN_WAIT_1'], direct: true });
    expect(findEndpoint(view.endpoints, 'sock-3')?.state).toBe('CLOSE_WAIT');
    const orphan = view.kernelTable!.rows.find((r) => r.state === 'FIN_WAIT_1')!;
    expect([orphan.endpoint, orphan.holder, orphan.linuxState, orphan.timer.kind]).toEqual([
      'sock-2',
      'nofd',
      'FIN_WAIT1',
      'on',
    ]);
    const group = view.wire.groups.at(-1)!;
    expect(callOf(view, group.callId)).toBe('close');
    expect(flagsOf(group.packets)).toEqual(['FIN,ACK']);
  });

  it('handshake, at the end: TIME_WAIT with its timer; the other end and the listener are gone (CLOSED)', () => {
    const view = viewAt(handshakeLog, handshakeLog.length);
    expect(view.ended?.ok).toBe(true);
    const [row, ...others] = view.kernelTable!.rows;
    expect(others).toEqual([]);
    expect(row).toMatchObject({ state: 'TIME_WAIT', holder: 'nofd', endpoint: 'sock-2', timer: { kind: 'timewait' } });
    expect(row!.timer.expiresMs).toBeGreaterThan(50_000);
    expect(view.kernelTable!.gone.map((r) => r.state)).toEqual(['LISTEN']);

    const sock = findEndpoint(view.endpoints, 'sock-2')!;
    expect(sock.history.map((h) => h.state)).toEqual(['CLOSED', 'ESTABLISHED', 'FIN_WAIT_1', 'TIME_WAIT']);
    // FIN_WAIT_1 → TIME_WAIT in one transition: the peer's FIN came with the ACK of ours (RFC 9293 Figure 5, note 2).
    expect(sock.last).toMatchObject({ from: 'FIN_WAIT_1', to: 'TIME_WAIT', direct: true });
    expect(sock.visited).toEqual(['CLOSED', 'SYN_SENT', 'ESTABLISHED', 'FIN_WAIT_1', 'TIME_WAIT']);
    const server = findEndpoint(view.endpoints, 'sock-3')!;
    expect(server.state).toBe('CLOSED');
    expect(server.last).toMatchObject({ path: ['CLOSE_WAIT', 'LAST_ACK', 'CLOSED'] });
    expect(server.history.at(-1)?.source).toBe('gone');
    expect(findEndpoint(view.endpoints, 'sock-1')?.last).toMatchObject({ path: ['LISTEN', 'CLOSED'], direct: true });
    expect(view.listening).toBeNull();

    // Every packet is under the call that caused it, in the order it was captured.
    expect(view.wire.groups.filter((g) => g.callId === null)).toEqual([]);
    expect(view.wire.groups.flatMap((g) => flagsOf(g.packets))).toEqual(flagsOf(view.packets));
  });

  it('shows only what happened up to the cursor', () => {
    const beforeConnect = viewAt(handshakeLog, ready(handshakeLog, 4));
    expect(beforeConnect.packets).toEqual([]);
    expect(beforeConnect.wire).toEqual({ peers: [], groups: [], columnOf: new Map() });
    const midConnect = viewAt(
      handshakeLog,
      after(handshakeLog, (e) => e.type === 'packet'),
    );
    expect(flagsOf(midConnect.packets)).toEqual(['SYN']);
    // The client's port is known from its connect()'s SYN before its socket.state names it.
    expect(midConnect.wire.peers.map((p) => p.actor)).toEqual(['server', 'client']);
  });

  it('echo: data segments, the window scale both SYNs agreed on, FIN_WAIT_1 straight to TIME_WAIT', () => {
    const view = viewAt(echoLog, echoLog.length);
    const push = view.packets.filter((p) => p.flags.includes('PSH'));
    expect(push.map((p) => [p.length, p.payloadText])).toEqual([
      [14, 'Hello, socket\\0'],
      [19, '13 : Hello, socket\\0'],
    ]);
    const syn = view.packets.find((p) => p.flags.join() === 'SYN')!;
    expect(windowShift(view.packets, syn)).toBeNull();
    expect(windowShift(view.packets, push[0]!)).toBe(syn.options.windowScale);
    const sock = findEndpoint(view.endpoints, 'sock-2')!;
    expect(sock.history.map((h) => h.state)).toEqual(['CLOSED', 'ESTABLISHED', 'FIN_WAIT_1', 'TIME_WAIT']);
    expect(sock.last).toMatchObject({ from: 'FIN_WAIT_1', to: 'TIME_WAIT', direct: true });
  });

  it('hello with another program’s client: its own column, its own row, owner outside', () => {
    const view = viewAt(helloOutsideLog, helloOutsideLog.length);
    expect(view.calls.find((c) => c.syscall === 'accept')?.exit).toMatchObject({ errno: null, created: 'sock-2' });
    expect(view.wire.peers.map((p) => [p.actor, p.outside])).toEqual([
      ['server', false],
      [null, true],
    ]);
    expect(withPackets(view).map((g) => [g.callId, flagsOf(g.packets)])).toEqual([[null, ['SYN', 'SYN,ACK', 'ACK']]]);
    // …after accept() began to wait, before it returned.
    expect(view.wire.groups.map((g) => callOf(view, g.callId))).toEqual(['socket', 'bind', 'listen', 'accept', null]);
    const row = view.kernelTable!.rows.find((r) => r.owner === 'outside')!;
    expect([row.holder, row.fd, row.state, row.change]).toEqual(['outside', null, 'ESTABLISHED', 'new']);
    const peer = findEndpoint(view.endpoints, row.endpoint)!;
    expect([peer.owner, peer.actor, peer.origin, peer.state]).toEqual(['outside', null, 'CLOSED', 'ESTABLISHED']);
    expect(findEndpoint(view.endpoints, 'sock-2')?.origin).toBe('LISTEN');
  });
});

describe('viewAt between two observations', () => {
  const accepted = (log: readonly SocklabEvent[]) => findEndpoint(viewAt(log, log.length).endpoints, 'sock-3')!;

  it('takes the reset transition only when an RST of that connection was on the wire', () => {
    // hello: the accepted socket was last seen in CLOSE_WAIT, then the table stopped listing it.
    expect(accepted(helloLog).last).toMatchObject({
      from: 'CLOSE_WAIT',
      to: 'CLOSED',
      path: ['CLOSE_WAIT', 'LAST_ACK', 'CLOSED'],
      reset: false,
      direct: false,
    });
    expect(accepted(helloLog).history.at(-1)?.source).toBe('gone');

    // The same recording with the server's first segment after its close() turned into an RST.
    const closeAt = after(
      helloLog,
      (e) => e.type === 'syscall.enter' && e.actor === 'server' && e.call.syscall === 'close',
    );
    const segment = after(helloLog.slice(closeAt), (e) => e.type === 'packet') - 1 + closeAt;
    const reset = helloLog.map((e, i) =>
      i === segment && e.type === 'packet' ? { ...e, flags: ['RST' as const] } : e,
    );
    expect(accepted(reset).last).toMatchObject({
      from: 'CLOSE_WAIT',
      to: 'CLOSED',
      path: ['CLOSE_WAIT', 'CLOSED'],
      reset: true,
    });
  });

  it('follows the selection, else the current step’s socket, else the latest endpoint', () => {
    const view = viewAt(handshakeLog, handshakeLog.length);
    expect(shownEndpoint(view, 'sock-2')?.state).toBe('TIME_WAIT');
    expect(shownEndpoint(view, 'no-such')?.key).toBe(view.focus);
    expect(shownEndpoint(viewAt(handshakeLog, 0), null)).toBeNull();
  });
});

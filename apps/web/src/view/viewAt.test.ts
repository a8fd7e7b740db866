import { hello } from '@socklab/lessons';
import { type EventBody, parseEvent, type SocklabEvent } from '@socklab/protocol';
import { describe, expect, it } from 'vitest';
import { findEndpoint } from './endpoints.ts';
import { after, helloBodies, helloLog, stamp } from './helloLog.fixture.ts';
import { echoLog, handshakeLog, helloOutsideLog, recordingTexts } from './recordings.fixture.ts';
import { base64Length, shownEndpoint, socketsOf, viewAt } from './viewAt.ts';
import { windowShift } from './wire.ts';

const isStep = (index: number) => (e: SocklabEvent) => e.type === 'lesson.step' && e.index === index;
const isReady = (next: number | null) => (e: SocklabEvent) => e.type === 'lesson.ready' && e.next === next;

describe('the hand-made hello log', () => {
  it('is valid against the protocol schema, event by event', () => {
    for (const event of helloLog) {
      const parsed = parseEvent(JSON.stringify(event));
      expect(parsed.ok ? null : `${event.type}: ${parsed.error}`).toBeNull();
    }
  });

  it('is ordered by seq', () => {
    expect(helloLog.map((e) => e.seq)).toEqual(helloLog.map((_, i) => i));
  });
});

describe('viewAt', () => {
  it('shows nothing for an empty log, whatever the cursor', () => {
    for (const cursor of [-3, 0, 5]) {
      const view = viewAt([], cursor);
      expect(view.lesson).toBeNull();
      expect(view.sockets).toEqual([]);
      expect(view.lastSeq).toBe(-1);
    }
  });

  it('knows the session and the lesson before any step', () => {
    const view = viewAt(helloLog, after(helloLog, isReady(0)));
    expect(view.hello?.capabilities.capture.available).toBe(false);
    expect(view.lesson).toMatchObject({ id: 'hello', port: 0, steps: 11 });
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

  it('names the socket after the C variable of the step that created it', () => {
    const view = viewAt(helloLog, after(helloLog, isReady(1)));
    expect(view.sockets).toHaveLength(1);
    expect(view.sockets[0]).toMatchObject({ id: 's1', fd: 3, name: 'server_socket', role: 'listener', tcp: 'CLOSED' });
  });

  it('shows the port the kernel chose once the listener is bound to port 0', () => {
    expect(viewAt(helloLog, after(helloLog, isReady(1))).port).toBe(0);
    expect(viewAt(helloLog, after(helloLog, isReady(2))).port).toBe(41234);
    // …and keeps showing it after the listener is closed and has no address any more.
    expect(viewAt(helloLog, helloLog.length).port).toBe(41234);
  });

  it('puts each actor on the line of its latest step', () => {
    const view = viewAt(helloLog, after(helloLog, isReady(5)));
    expect(view.byActor.server).toEqual({ step: 3, line: hello.steps[3]!.line });
    expect(view.byActor.client).toEqual({ step: 4, line: hello.steps[4]!.line });
  });

  it('shows accept() blocked until the client connects, then its real return value', () => {
    const blocked = viewAt(helloLog, after(helloLog, isReady(4)));
    expect(blocked.blocked.server).toMatchObject({ syscall: 'accept', blocked: true, exit: null });
    expect(blocked.blocked.client).toBeUndefined();
    expect(blocked.sockets.find((s) => s.id === 's1')).toMatchObject({ tcp: 'LISTEN', acceptQueue: 0, backlog: 5 });

    const stillBlocked = viewAt(helloLog, after(helloLog, isReady(5)));
    expect(stillBlocked.blocked.server?.syscall).toBe('accept');

    const woken = viewAt(helloLog, after(helloLog, isReady(6)));
    expect(woken.blocked.server).toBeUndefined();
    const accept = woken.calls.find((c) => c.syscall === 'accept')!;
    expect(accept).toMatchObject({ actor: 'server', step: 3, blocked: true });
    expect(accept.exit).toMatchObject({ ret: 5, errno: null, created: 's2' });
    expect(accept.exit!.durationMs).toBeGreaterThan(1000);
    expect(woken.sockets.find((s) => s.id === 's2')).toMatchObject({
      fd: 5,
      actor: 'server',
      role: 'connection',
      name: 'client_socket',
      tcp: 'ESTABLISHED',
    });
  });

  it('keeps the call history in order of entry, with enter/exit pairs', () => {
    const view = viewAt(helloLog, helloLog.length);
    expect(view.calls.map((c) => [c.actor, c.syscall, c.exit?.ret])).toEqual([
      ['server', 'socket', 3],
      ['server', 'bind', 0],
      ['server', 'listen', 0],
      ['server', 'accept', 5],
      ['client', 'socket', 4],
      ['client', 'connect', 0],
      ['server', 'write', 13],
      ['client', 'read', 13],
      ['client', 'close', 0],
      ['server', 'close', 0],
      ['server', 'close', 0],
    ]);
    expect(view.calls.filter((c) => c.blocked).map((c) => c.syscall)).toEqual(['accept']);
  });

  it('links the bytes moved to their calls, with a byte count from the base64', () => {
    const view = viewAt(helloLog, helloLog.length);
    expect(view.data.map((d) => [d.actor, d.direction, d.bytes, d.text])).toEqual([
      ['server', 'sent', 13, 'Hello World!\\0'],
      ['client', 'received', 13, 'Hello World!\\0'],
    ]);
    expect(view.calls.find((c) => c.syscall === 'read')?.data).toHaveLength(1);
  });

  it('collects what each program printed', () => {
    expect(viewAt(helloLog, after(helloLog, isReady(7))).stdout).toEqual({});
    const view = viewAt(helloLog, after(helloLog, isReady(8)));
    expect(view.stdout.client).toBe('Message from server: Hello World! \n');
    expect(view.stdout.server).toBeUndefined();
  });

  it('ends with every socket closed, every check ok and lesson.end', () => {
    const view = viewAt(helloLog, helloLog.length);
    expect(view.sockets.every((s) => s.closed && s.tcp === null && s.local === null)).toBe(true);
    expect(socketsOf(view, 'server').map((s) => s.fd)).toEqual([3, 5]);
    expect(socketsOf(view, 'client').map((s) => s.name)).toEqual(['sock']);
    expect(view.checks).toHaveLength(11);
    expect(view.mismatches).toEqual([]);
    expect(view.next).toBeNull();
    expect(view.ended).toMatchObject({ ok: true, mismatches: 0 });
    expect(view.inCall).toEqual({});
    expect(view.blocked).toEqual({});
  });

  it('is a pure function of the cursor: moving back shows the earlier state again', () => {
    const mid = after(helloLog, isReady(4));
    const before = JSON.stringify(viewAt(helloLog, mid));
    viewAt(helloLog, helloLog.length);
    expect(JSON.stringify(viewAt(helloLog, mid))).toBe(before);
    expect(viewAt(helloLog, 10_000)).toEqual(viewAt(helloLog, helloLog.length));
  });

  it('starts over at the latest lesson.start (reset), keeping the session', () => {
    const again = stamp(helloBodies.slice(1, 10), helloLog.length);
    const log = [...helloLog, ...again];
    const view = viewAt(log, log.length);
    expect(view.hello?.sessionId).toBe('sess-1');
    expect(view.calls).toHaveLength(1);
    expect(view.sockets.map((s) => s.id)).toEqual(['s1']);
    expect(view.ended).toBeNull();
    expect(view.stdout).toEqual({});
  });

  it('reports a failed call with its errno and shows mismatches and errors', () => {
    const log = stamp([
      helloBodies[0]!,
      { type: 'lesson.start', lesson: 'hello', params: { port: 4000 }, steps: 11 },
      { type: 'lesson.step', lesson: 'hello', index: 1, actor: 'server', syscall: 'bind' },
      {
        type: 'syscall.enter',
        callId: 2,
        actor: 'server',
        syscall: 'bind',
        socket: 's1',
        args: { fd: 3, host: '127.0.0.1', port: 4000 },
      },
      {
        type: 'syscall.exit',
        callId: 2,
        actor: 'server',
        syscall: 'bind',
        socket: 's1',
        ret: -1,
        errno: { name: 'EADDRINUSE', code: 98, message: 'Address already in use' },
        blocked: false,
        durationMs: 0.04,
        impl: 'bind(3, {AF_INET, 127.0.0.1:4000}, 16)',
      },
      { type: 'lesson.check', lesson: 'hello', index: 1, ok: false, expected: '0', actual: '-1 EADDRINUSE' },
      { type: 'error', code: 'SOCKLAB_ERR_BUSY', message: 'the server is blocked in accept()' },
    ]);
    for (const event of log) expect(parseEvent(JSON.stringify(event)).ok).toBe(true);
    const view = viewAt(log, log.length);
    expect(view.port).toBe(4000);
    // Without an `step` on the enter, the call belongs to the latest lesson.step.
    expect(view.calls[0]).toMatchObject({ step: 1, exit: { ret: -1, errno: { name: 'EADDRINUSE' } } });
    expect(view.mismatches).toEqual([expect.objectContaining({ index: 1, expected: '0', actual: '-1 EADDRINUSE' })]);
    expect(view.errors.map((e) => e.code)).toEqual(['SOCKLAB_ERR_BUSY']);
  });

  it('ignores a lesson of an earlier session', () => {
    const log = [...helloLog, ...stamp([helloBodies[0]!], helloLog.length)];
    const view = viewAt(log, log.length);
    expect(view.lesson).toBeNull();
    expect(view.hello).not.toBeNull();
  });

  it('marks a call that an error ended before it returned as refused', () => {
    const log = stamp([
      helloBodies[0]!,
      { type: 'lesson.start', lesson: 'hello', params: { port: 80 }, steps: 11 },
      { type: 'lesson.step', lesson: 'hello', index: 1, actor: 'server', syscall: 'bind' },
      { type: 'syscall.enter', callId: 2, actor: 'server', syscall: 'bind', socket: 's1', args: {}, step: 1 },
      { type: 'error', code: 'SOCKLAB_ERR_ADDRESS_REFUSED', message: 'bind to port 80 refused: ports 1024–65535 only' },
    ]);
    for (const event of log) expect(parseEvent(JSON.stringify(event)).ok).toBe(true);
    const view = viewAt(log, log.length);
    expect(view.calls[0]).toMatchObject({ syscall: 'bind', exit: null, refused: 'SOCKLAB_ERR_ADDRESS_REFUSED' });
    expect(view.inCall).toEqual({});
    // A blocked call is not ended by an error of another command.
    const blocked = viewAt(helloLog, after(helloLog, isReady(4)));
    const withError = [...helloLog.slice(0, after(helloLog, isReady(4))), ...stamp([log[4]!], 500)];
    expect(viewAt(withError, withError.length).blocked.server?.refused).toBeNull();
    expect(blocked.blocked.server?.syscall).toBe('accept');
  });
});

describe('viewAt on the wire and in the kernel table', () => {
  const at = after(helloLog, isReady(5));
  const lo = (port: number) => ({ family: 'inet' as const, host: '127.0.0.1', port });
  const wire = stamp(
    [
      {
        type: 'packet',
        callId: 6,
        family: 'inet',
        src: lo(50312),
        dst: lo(41234),
        flags: ['SYN'],
        seqNo: 123456,
        ackNo: 0,
        relSeq: 0,
        relAck: 0,
        window: 65495,
        length: 0,
        options: { mss: 65495, windowScale: 7, sackPermitted: true, sackBlocks: 0, timestamps: null, unknown: [] },
        payloadBase64: '',
        payloadText: '',
      },
      {
        type: 'kernel.table',
        source: 'sock_diag',
        callId: 6,
        rows: [
          {
            state: 'LISTEN',
            linuxState: 'LISTEN',
            local: lo(41234),
            remote: null,
            recvQ: 1,
            sendQ: 5,
            timer: { kind: 'off', expiresMs: 0, retrans: 0 },
            inode: 1234,
            owner: 'lab',
            socket: 's1',
          },
        ],
      },
    ],
    500,
  );

  it('puts packets under the call that caused them and keeps the latest kernel table', () => {
    for (const event of wire) {
      const parsed = parseEvent(JSON.stringify(event));
      expect(parsed.ok ? null : parsed.error).toBeNull();
    }
    const log = [...helloLog.slice(0, at), ...helloLog.slice(at, at + 2), ...wire];
    const view = viewAt(log, log.length);
    expect(view.packets).toHaveLength(1);
    expect(view.calls.find((c) => c.callId === 6)?.packets.map((p) => p.flags)).toEqual([['SYN']]);
    expect(view.kernelTable?.rows.map((r) => [r.state, r.recvQ, r.sendQ])).toEqual([['LISTEN', 1, 5]]);
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
  const ready = (log: readonly SocklabEvent[], next: number | null) => after(log, isReady(next));
  const flagsOf = (packets: readonly { flags: readonly string[] }[]) => packets.map((p) => p.flags.join(','));
  const callOf = (view: ReturnType<typeof viewAt>, callId: number | null) =>
    view.calls.find((c) => c.callId === callId)?.syscall ?? null;
  const withPackets = (view: ReturnType<typeof viewAt>) => view.wire.groups.filter((g) => g.packets.length > 0);

  it('holds only valid events, line by line', () => {
    for (const [name, text] of Object.entries(recordingTexts)) {
      const lines = text.trim().split('\n').slice(1);
      expect(lines.length, name).toBeGreaterThan(30);
      for (const line of lines) {
        const parsed = parseEvent(line);
        expect(parsed.ok ? null : `${name}: ${parsed.error}`).toBeNull();
      }
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
    const client = table.rows.find((r) => r.state === 'ESTABLISHED' && r.local.port !== view.port)!;
    expect([client.holder, client.fd, client.change, client.changed]).toEqual(['fd', 29, 'changed', ['state']]);

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
    expect([row.holder, row.fd, row.change, row.changed]).toEqual(['fd', 30, 'changed', ['holder']]);
    // accept() put nothing on the wire.
    expect(view.wire.groups.at(-1)).toMatchObject({ callId: 5, packets: [] });
    expect(withPackets(view)).toHaveLength(1);
  });

  it('handshake, after the client’s close(): its socket lives on without an fd, in FIN_WAIT_2', () => {
    const view = viewAt(handshakeLog, ready(handshakeLog, 7));
    const sock = findEndpoint(view.endpoints, 'sock-2')!;
    expect([sock.open, sock.state]).toEqual([false, 'FIN_WAIT_2']);
    expect(sock.last).toMatchObject({ path: ['ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2'], direct: false });
    expect(findEndpoint(view.endpoints, 'sock-3')?.state).toBe('CLOSE_WAIT');
    const orphan = view.kernelTable!.rows.find((r) => r.state === 'FIN_WAIT_2')!;
    expect([orphan.endpoint, orphan.holder, orphan.linuxState]).toEqual(['sock-2', 'nofd', 'FIN_WAIT2']);
    const group = view.wire.groups.at(-1)!;
    expect(callOf(view, group.callId)).toBe('close');
    expect(flagsOf(group.packets)).toEqual(['ACK,FIN']);
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
    expect(sock.history.map((h) => h.state)).toEqual(['CLOSED', 'ESTABLISHED', 'FIN_WAIT_2', 'TIME_WAIT']);
    expect(sock.visited).toEqual(['CLOSED', 'SYN_SENT', 'ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2', 'TIME_WAIT']);
    const server = findEndpoint(view.endpoints, 'sock-3')!;
    expect(server.state).toBe('CLOSED');
    expect(server.last).toMatchObject({ path: ['CLOSE_WAIT', 'LAST_ACK', 'CLOSED'] });
    expect(server.history.at(-1)?.source).toBe('gone');
    expect(findEndpoint(view.endpoints, 'sock-1')?.last).toMatchObject({ path: ['LISTEN', 'CLOSED'], direct: true });
    expect(view.listening).toBeNull();

    // The delayed ACK of the client's FIN came between two calls.
    const between = view.wire.groups.filter((g) => g.callId === null);
    expect(between.map((g) => flagsOf(g.packets))).toEqual([['ACK']]);
    expect(view.wire.groups.flatMap((g) => flagsOf(g.packets))).toEqual(view.packets.map((p) => p.flags.join(',')));
  });

  it('shows only what happened up to the cursor', () => {
    const beforeConnect = viewAt(handshakeLog, ready(handshakeLog, 4));
    expect(beforeConnect.packets).toEqual([]);
    expect(beforeConnect.wire).toEqual({ peers: [], groups: [] });
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
  const lo = (port: number) => ({ family: 'inet' as const, host: '127.0.0.1', port });
  const row = (state: 'ESTABLISHED' | 'LISTEN', local: number, remote: number | null, socket: string | null) => ({
    state,
    linuxState: state,
    local: lo(local),
    remote: remote === null ? null : lo(remote),
    recvQ: 0,
    sendQ: 0,
    timer: { kind: 'off' as const, expiresMs: 0, retrans: 0 },
    inode: socket === null ? 0 : 77,
    owner: 'lab' as const,
    socket,
  });
  const connection = (tcp: 'ESTABLISHED' | null): EventBody => ({
    type: 'socket.state',
    socket: 's2',
    actor: 'server',
    fd: 5,
    role: 'connection',
    api: tcp === null ? 'closed' : 'connected',
    tcp,
    local: tcp === null ? null : lo(4000),
    remote: tcp === null ? null : lo(50000),
    recvQ: tcp === null ? null : 0,
    sendQ: tcp === null ? null : 0,
    acceptQueue: null,
    backlog: null,
    closed: tcp === null,
  });
  const rst: EventBody = {
    type: 'packet',
    callId: null,
    family: 'inet',
    src: lo(50000),
    dst: lo(4000),
    flags: ['RST'],
    seqNo: 1,
    ackNo: 0,
    relSeq: 1,
    relAck: 0,
    window: 0,
    length: 0,
    options: { mss: null, windowScale: null, sackPermitted: false, sackBlocks: 0, timestamps: null, unknown: [] },
    payloadBase64: '',
    payloadText: '',
  };
  const logWith = (reset: boolean) =>
    stamp([
      helloBodies[0]!,
      { type: 'lesson.start', lesson: 'hello', params: { port: 4000 }, steps: 11 },
      connection('ESTABLISHED'),
      { type: 'kernel.table', source: 'sock_diag', callId: 1, rows: [row('ESTABLISHED', 4000, 50000, 's2')] },
      ...(reset ? [rst] : []),
      connection(null),
      { type: 'kernel.table', source: 'sock_diag', callId: 2, rows: [] },
    ]);

  it('takes the reset transition only when an RST of that connection was on the wire', () => {
    const withReset = logWith(true);
    for (const event of withReset) {
      const parsed = parseEvent(JSON.stringify(event));
      expect(parsed.ok ? null : parsed.error).toBeNull();
    }
    const reset = findEndpoint(viewAt(withReset, withReset.length).endpoints, 's2')!;
    expect(reset.last).toMatchObject({
      from: 'ESTABLISHED',
      to: 'CLOSED',
      path: ['ESTABLISHED', 'CLOSED'],
      reset: true,
    });
    expect(reset.history.at(-1)?.source).toBe('gone');

    const quiet = findEndpoint(viewAt(logWith(false), logWith(false).length).endpoints, 's2')!;
    expect(quiet.last).toMatchObject({ from: 'ESTABLISHED', to: 'CLOSED', reset: false, direct: false });
    expect(quiet.last!.path.length).toBeGreaterThan(2);
    expect(viewAt(logWith(false), logWith(false).length).kernelTable?.gone.map((r) => r.endpoint)).toEqual(['s2']);
  });

  it('follows the selection, else the current step’s socket, else the latest endpoint', () => {
    const view = viewAt(handshakeLog, handshakeLog.length);
    expect(shownEndpoint(view, 'sock-2')?.state).toBe('TIME_WAIT');
    expect(shownEndpoint(view, 'no-such')?.key).toBe(view.focus);
    expect(shownEndpoint(viewAt(handshakeLog, 0), null)).toBeNull();
  });
});

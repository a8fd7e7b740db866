import type { CapturedPacket, PacketCapture, Reactor, TableObserver } from '@socklab/kernel';
import { type Address, bytesToText, type EventBody, flagSet } from '@socklab/protocol';

const endpointKey = (host: string, port: number) => `${host}|${port}`;
const flowKey = (src: Endpoint, dst: Endpoint) => `${src.host}|${src.port}>${dst.host}|${dst.port}`;

type Endpoint = { host: string; port: number };

/**
 * The segments captured one way on one connection (`src>dst`), to compare
 * with the kernel's own counters (TCP_INFO segs_out of the sender, segs_in of
 * the receiver).
 */
export type Flow = {
  /** Frames captured. */
  sent: number;
  /** Of those, the ones the receiver's segs_in counts: a passive child counts its SYN once, however often it came. */
  received: number;
  /** Segments the sender counted that the capture will never show (learned after a wait ran out). */
  unseen: number;
  /** Segments captured that the receiver will never count (a handshake ACK a full accept queue dropped). */
  uncounted: number;
  /** Whether a FIN went this way. */
  fin: boolean;
  /** The order of the last frame captured this way (frames are numbered across the wire), 0 if none. */
  last: number;
  /** Whether that frame was a RST, or a pure ACK (no SYN, FIN or payload). */
  lastRst: boolean;
  lastPureAck: boolean;
};

const noFlow: Flow = {
  sent: 0,
  received: 0,
  unseen: 0,
  uncounted: 0,
  fin: false,
  last: 0,
  lastRst: false,
  lastPureAck: false,
};

// Between two looks at the kernel's counters: the receiver may finish without sending a frame (a delayed ACK).
const settlePollMs = 1;

type Emit = (body: EventBody) => void;

/** A segment as the checks see it: its flag set (`SYN,ACK`) and the ports of its connection. */
export type Segment = { flags: string; ports: readonly [number, number] };

/**
 * The loopback wire of one lab: packet capture, the ports it watches, and the
 * attribution of each segment to the call that caused it (drained right after
 * the call) or to no call (captured between calls, emitted as they arrive).
 * Without capture every method is a no-op.
 *
 * @example
 * const wire = new Wire(capture, table, emit, reactor);
 * wire.watchPort(4000);
 * await lab.connect(…);
 * wire.drain(callId);             // emits packet events with this callId
 * wire.flagsOf(callId);           // ['SYN', 'SYN,ACK', 'ACK']
 */
export class Wire {
  #capture: PacketCapture | null;
  // What `watch()` waits for until the capture is attached, and the ports watched before it was.
  #idleFor: (() => Promise<void>) | null = null;
  readonly #ports = new Set<number>();
  readonly #table: TableObserver | null;
  readonly #emit: Emit;
  readonly #reactor: Reactor;
  readonly #byCall = new Map<number, string[]>();
  // Every segment seen while a call is blocked, per call (its checks look at all of them).
  readonly #whileBlocked = new Map<number, Segment[]>();
  readonly #exact: boolean;
  readonly #endpoints = new Set<string>();
  readonly #flows = new Map<string, Flow & { syn: number | null }>();
  #frames = 0;
  // One reactor wait on the capture fd at a time, shared by `watch()` and `settle()`.
  #readable: Promise<void> | null = null;
  #disposed = false;

  /**
   * `exact`: keep only segments to or from an endpoint of the lab's own
   * sockets (`noteEndpoint`): on a network shared with other programs, a
   * watched port alone would show their traffic too.
   */
  constructor(capture: PacketCapture | null, table: TableObserver | null, emit: Emit, reactor: Reactor, exact = false) {
    this.#capture = capture;
    this.#table = table;
    this.#emit = emit;
    this.#reactor = reactor;
    this.#exact = exact;
  }

  /** Whether it keeps only the lab's own endpoints (`noteEndpoint`): a shared network. */
  get exact(): boolean {
    return this.#exact;
  }

  /** An address a lab socket holds (its local end): its segments are the lab's. */
  noteEndpoint(address: Address | null): void {
    if (address && address.port > 0) this.#endpoints.add(endpointKey(address.host, address.port));
  }

  #ours(packet: CapturedPacket): boolean {
    if (!this.#exact) return true;
    const mine = (host: string, port: number) =>
      this.#endpoints.has(endpointKey(host, port)) ||
      this.#endpoints.has(endpointKey('0.0.0.0', port)) ||
      this.#endpoints.has(endpointKey('::', port));
    return mine(packet.src.host, packet.src.port) || mine(packet.dst.host, packet.dst.port);
  }

  /**
   * Gives a wire made without capture (a lab's capture is opened at its first
   * call) its capture: the ports watched so far are kept, and `watch()`, if
   * asked for, starts now.
   */
  attach(capture: PacketCapture | null): void {
    if (!capture || this.#capture || this.#disposed) return;
    this.#capture = capture;
    for (const port of this.#ports) capture.addPort(port);
    if (this.#idleFor) void this.watch(this.#idleFor);
  }

  /** Whether packets are captured at all. */
  get on(): boolean {
    return this.#capture !== null;
  }

  /**
   * Emits packets that no call caused right then (a delayed ACK, a
   * retransmission, an outside client's SYN) as they arrive, once `idle()`
   * says no call is running.
   */
  async watch(idle: () => Promise<void>): Promise<void> {
    this.#idleFor = idle;
    const capture = this.#capture;
    if (!capture) return;
    while (!this.#disposed) {
      try {
        await this.#whenReadable(capture);
      } catch {
        return;
      }
      await idle();
      if (!this.#disposed) this.drain(null);
    }
  }

  #whenReadable(capture: PacketCapture): Promise<void> {
    this.#readable ??= this.#reactor.wait(capture.fd, 'readable').then(
      () => {
        this.#readable = null;
      },
      (err: unknown) => {
        this.#readable = null;
        throw err;
      },
    );
    return this.#readable;
  }

  /**
   * Drains as caused by `callId` until `settled()` holds (it reads the
   * kernel's counters against `flow()`), waiting between looks for the next
   * frame or a millisecond, at most `limitMs` in all. Says whether it held.
   * Without capture, returns true at once.
   */
  async settle(callId: number, settled: () => boolean, limitMs: number): Promise<boolean> {
    const capture = this.#capture;
    if (!capture) return true;
    const end = performance.now() + limitMs;
    for (;;) {
      this.drain(callId);
      if (settled()) return true;
      const left = end - performance.now();
      if (left <= 0 || this.#disposed) return false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const frame = this.#whenReadable(capture).catch(() => {});
      await Promise.race([frame, new Promise<void>((r) => (timer = setTimeout(r, Math.min(left, settlePollMs))))]);
      clearTimeout(timer);
    }
  }

  /** What was captured from `src` to `dst` since the connection's SYN (or since capture began). */
  flow(src: Endpoint, dst: Endpoint): Readonly<Flow> {
    return this.#flows.get(flowKey(src, dst)) ?? noFlow;
  }

  /** Accepts, from now on, that `unseen` sent segments will never be captured and `uncounted` captured ones never counted. */
  excuse(src: Endpoint, dst: Endpoint, unseen: number, uncounted: number): void {
    const flow = this.#flowOf(src, dst);
    flow.unseen = Math.max(flow.unseen, unseen);
    flow.uncounted = Math.max(flow.uncounted, uncounted);
  }

  #flowOf(src: Endpoint, dst: Endpoint): Flow & { syn: number | null } {
    const key = flowKey(src, dst);
    let flow = this.#flows.get(key);
    if (!flow) {
      flow = { ...noFlow, syn: null };
      this.#flows.set(key, flow);
    }
    return flow;
  }

  #count(packet: CapturedPacket): void {
    const syn = packet.flags.includes('SYN');
    const ack = packet.flags.includes('ACK');
    let flow = this.#flowOf(packet.src, packet.dst);
    // A new SYN on a 4-tuple seen before is a new connection: its counters start again.
    if (syn && !ack && flow.syn !== packet.seqNo) {
      this.#flows.delete(flowKey(packet.dst, packet.src));
      this.#flows.delete(flowKey(packet.src, packet.dst));
      flow = this.#flowOf(packet.src, packet.dst);
      flow.syn = packet.seqNo;
      flow.received = 1;
    } else if (!(syn && !ack)) {
      flow.received++;
    }
    // A SYN-ACK sent again means no ACK so far made the child (a full accept queue dropped them,
    // net/ipv4/tcp_minisocks.c tcp_check_req): its segs_in will count its SYN and what comes from now on.
    const back = syn && ack ? this.#flows.get(flowKey(packet.dst, packet.src)) : undefined;
    if (back && back.syn !== null) back.received = 1;
    flow.sent++;
    const fin = packet.flags.includes('FIN');
    flow.fin ||= fin;
    flow.last = ++this.#frames;
    flow.lastRst = packet.flags.includes('RST');
    flow.lastPureAck = ack && !syn && !fin && !flow.lastRst && packet.length === 0;
  }

  /** Keeps segments to or from `port` from now on (watch a port before the call that first uses it). */
  watchPort(port: number | undefined): void {
    if (port === undefined || port <= 0) return;
    this.#ports.add(port);
    this.#capture?.addPort(port);
  }

  /** Emits every segment queued now, as caused by `callId` (null: between calls). */
  drain(callId: number | null): void {
    if (!this.#capture) return;
    for (const packet of this.#capture.drain()) {
      this.#count(packet);
      if (!this.#ours(packet)) continue;
      this.#table?.note({ family: packet.family, ...packet.src }, { family: packet.family, ...packet.dst });
      const flags = flagSet(packet.flags);
      if (callId !== null) this.#byCall.set(callId, [...(this.#byCall.get(callId) ?? []), flags]);
      const segment: Segment = { flags, ports: [packet.src.port, packet.dst.port] };
      for (const seen of this.#whileBlocked.values()) seen.push(segment);
      this.#emit(packetEvent(packet, callId));
    }
  }

  /** Starts keeping every segment seen until `stopCollecting(callId)` (a call that blocked). */
  startCollecting(callId: number): void {
    this.#whileBlocked.set(callId, []);
  }

  /** The segments seen since `startCollecting(callId)`, or null if it never blocked. */
  stopCollecting(callId: number): Segment[] | null {
    const seen = this.#whileBlocked.get(callId) ?? null;
    this.#whileBlocked.delete(callId);
    return seen;
  }

  /** The flag sets of the segments shown with `callId`, in order. */
  flagsOf(callId: number): string[] {
    return this.#byCall.get(callId) ?? [];
  }

  /** The flag sets of `callId`'s segments, forgotten here: once a call returned, no segment is drained as its. */
  takeFlags(callId: number): string[] {
    const flags = this.flagsOf(callId);
    this.#byCall.delete(callId);
    return flags;
  }

  /** Stops watching; the capture socket is the caller's to close. */
  dispose(): void {
    this.#disposed = true;
    if (this.#capture) this.#reactor.cancel(this.#capture.fd);
  }
}

function packetEvent(p: CapturedPacket, callId: number | null): EventBody {
  const payload = Buffer.from(p.payload);
  return {
    type: 'packet',
    callId,
    family: p.family,
    src: { family: p.family, host: p.src.host, port: p.src.port },
    dst: { family: p.family, host: p.dst.host, port: p.dst.port },
    flags: p.flags,
    seqNo: p.seqNo,
    ackNo: p.ackNo,
    relSeq: p.relSeq,
    relAck: p.relAck,
    window: p.window,
    length: p.length,
    options: p.options,
    payloadBase64: payload.toString('base64'),
    payloadText: bytesToText(payload),
    frame: { base64: Buffer.from(p.datagram).toString('base64'), length: p.datagramLength },
  };
}

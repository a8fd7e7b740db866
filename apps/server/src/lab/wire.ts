import type { CapturedPacket, PacketCapture, Reactor, TableObserver } from '@socklab/kernel';
import { bytesToText, type EventBody, flagSet } from '@socklab/protocol';

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
  readonly #capture: PacketCapture | null;
  readonly #table: TableObserver | null;
  readonly #emit: Emit;
  readonly #reactor: Reactor;
  readonly #byCall = new Map<number, string[]>();
  // Every segment seen while a call is blocked, per call (its checks look at all of them).
  readonly #whileBlocked = new Map<number, Segment[]>();
  #disposed = false;

  constructor(capture: PacketCapture | null, table: TableObserver | null, emit: Emit, reactor: Reactor) {
    this.#capture = capture;
    this.#table = table;
    this.#emit = emit;
    this.#reactor = reactor;
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
    const capture = this.#capture;
    if (!capture) return;
    while (!this.#disposed) {
      try {
        await this.#reactor.wait(capture.fd, 'readable');
      } catch {
        return;
      }
      await idle();
      if (!this.#disposed) this.drain(null);
    }
  }

  /** Keeps segments to or from `port` from now on (watch a port before the call that first uses it). */
  watchPort(port: number | undefined): void {
    const capture = this.#capture;
    if (capture && port !== undefined && port > 0 && !capture.ports.includes(port)) capture.addPort(port);
  }

  /** Emits every segment queued now, as caused by `callId` (null: between calls). */
  drain(callId: number | null): void {
    if (!this.#capture) return;
    for (const packet of this.#capture.drain()) {
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
  };
}

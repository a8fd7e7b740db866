import { type Lab, type SegmentCounts, type SockDiag, segmentCounts, socketAddress } from '@socklab/kernel';
import type { Address } from '@socklab/protocol';
import type { Wire } from './wire.ts';

type Ends = { local: Address; remote: Address };

/** One end of a connection as the kernel sees it now: its counters, or `gone` when no socket holds that 4-tuple. */
type End = { counts: SegmentCounts | null; gone: boolean };

/** A way of a connection that is not settled yet, and by how many segments. */
type Unsettled =
  | { kind: 'unseen' | 'uncounted'; from: Address; to: Address; by: number }
  | { kind: 'answer'; from: Address; to: Address; end: string };

const endKey = (local: Address, remote: Address) => `${local.host}|${local.port}>${remote.host}|${remote.port}`;

/**
 * Says when every segment a lab's connections have sent has been captured and
 * processed by its receiver, from the kernel's own counters: for each way
 * A→B of a connection, the capture holds at least A's TCP_INFO `segs_out`,
 * and B's `segs_in` counts at least what was captured (B's TCP took it in, so
 * its immediate answer, like the ACK of a FIN, is sent and counted in B's
 * `segs_out`). An end without an fd (an orphan after close(), a child still
 * in the accept queue) is read through sock_diag's INET_DIAG_INFO.
 *
 * @example
 * const inFlight = new InFlight(lab, wire, diag);
 * await inFlight.settle(callId, ['sock-2', 'sock-3'], 250); // then the wire holds the call's segments
 */
export class InFlight {
  readonly #lab: Lab;
  readonly #wire: Wire;
  #diag: SockDiag | null;
  // A lab socket's connection, remembered once connected: a closed fd can no longer say.
  readonly #ends = new Map<string, Ends>();
  readonly #byEnds = new Map<string, string>();
  // Ends once seen with counters: one that has vanished since may owe a RST (tcp_v4_send_reset counts in no socket).
  readonly #known = new Set<string>();

  constructor(lab: Lab, wire: Wire, diag: SockDiag | null) {
    this.#lab = lab;
    this.#wire = wire;
    this.#diag = diag;
  }

  /** Gives it the lab's sock_diag socket, opened at the lab's first call. */
  attach(diag: SockDiag | null): void {
    this.#diag ??= diag;
  }

  /**
   * Drains the wire as caused by `callId` until the connections of the lab
   * sockets `ids` (and their peers) are settled or `limitMs` has passed.
   * What is still missing then is taken as never to come (a segment the
   * capture dropped, a handshake ACK a full accept queue dropped), so it
   * costs one wait, not one per call. Says whether they settled.
   */
  async settle(callId: number, ids: readonly string[], limitMs: number): Promise<boolean> {
    if (!this.#wire.on) return true;
    const connections = this.#connections(ids);
    if (connections.length === 0) {
      this.#wire.drain(callId);
      return true;
    }
    let missing: Unsettled[] = [];
    const settled = await this.#wire.settle(
      callId,
      () => {
        missing = this.#unsettled(connections);
        return missing.length === 0;
      },
      limitMs,
    );
    if (!settled) {
      for (const m of missing) {
        if (m.kind === 'answer') {
          this.#known.delete(m.end);
          continue;
        }
        const flow = this.#wire.flow(m.from, m.to);
        if (m.kind === 'unseen') this.#wire.excuse(m.from, m.to, flow.unseen + m.by, 0);
        else this.#wire.excuse(m.from, m.to, 0, flow.uncounted + m.by);
      }
    }
    return settled;
  }

  #connections(ids: readonly string[]): Ends[] {
    const out = new Map<string, Ends>();
    for (const id of new Set(ids)) {
      const ends = this.#endsOf(id);
      if (!ends) continue;
      const key = endKey(ends.local, ends.remote);
      if (!out.has(key) && !out.has(endKey(ends.remote, ends.local))) out.set(key, ends);
    }
    return [...out.values()];
  }

  #endsOf(id: string): Ends | null {
    const known = this.#ends.get(id);
    if (known) return known;
    const sock = this.#lab.get(id);
    if (sock.closed) return null;
    const remote = socketAddress(sock.fd, 'getpeername');
    const local = remote ? socketAddress(sock.fd, 'getsockname') : null;
    if (!remote || !local) return null;
    const ends = { local, remote };
    this.#ends.set(id, ends);
    this.#byEnds.set(endKey(local, remote), id);
    return ends;
  }

  #end(local: Address, remote: Address): End {
    const key = endKey(local, remote);
    const id = this.#byEnds.get(key);
    const sock = id === undefined ? null : this.#lab.get(id);
    let end: End;
    if (sock && !sock.closed) end = { counts: segmentCounts(sock.fd), gone: false };
    else if (!this.#diag) end = { counts: null, gone: false };
    else {
      const found = this.#diag.segmentCounts(local, remote);
      end = { counts: found?.segments ?? null, gone: found === null };
    }
    if (end.counts) this.#known.add(key);
    return end;
  }

  #unsettled(connections: readonly Ends[]): Unsettled[] {
    const out: Unsettled[] = [];
    for (const { local, remote } of connections) {
      const a = this.#end(local, remote);
      const b = this.#end(remote, local);
      this.#way(local, remote, a, b, out);
      this.#way(remote, local, b, a, out);
    }
    return out;
  }

  // The way from → to is settled when the capture holds all `from` sent and `to` took in all the capture holds.
  #way(from: Address, to: Address, sender: End, receiver: End, out: Unsettled[]): void {
    const flow = this.#wire.flow(from, to);
    const sent = sender.counts?.segsOut;
    if (sent !== undefined && flow.sent + flow.unseen < sent) {
      out.push({ kind: 'unseen', from, to, by: sent - flow.sent - flow.unseen });
    }
    const taken = receiver.counts?.segsIn;
    if (taken !== undefined && taken + flow.uncounted < flow.received) {
      out.push({ kind: 'uncounted', from, to, by: flow.received - taken - flow.uncounted });
    }
    // An end that vanished on taking in a segment it could not accept (data after close()) answered
    // with a RST that no socket counts: the last frame of the connection must then be its answer.
    const end = endKey(to, from);
    if (!receiver.gone || !this.#known.has(end)) return;
    const back = this.#wire.flow(to, from);
    const answered = flow.last < back.last || flow.lastRst || (flow.lastPureAck && back.fin);
    if (flow.last > 0 && !answered) out.push({ kind: 'answer', from, to, end });
  }
}

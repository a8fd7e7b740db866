import type { Address, EventOf } from '@socklab/protocol';
import { addressKey } from './endpoints.ts';
import { type Loan, lend, repaid, replaceLent } from './loans.ts';

/** One TCP segment seen on the loopback wire, as the capture decoded it. */
export type PacketView = Omit<EventOf<'packet'>, 'type' | 'payloadBase64' | 'frame'>;

/**
 * One end of the conversation on the wire: a column of the sequence diagram.
 * A lab program is one column whatever its addresses (a playground session
 * makes a new one each connection: one column each would not stay readable);
 * another program is one column per address.
 */
export type WirePeer = {
  key: string;
  /** The address it is labelled with: its listener's, else the latest one seen. */
  address: Address;
  /** How many addresses this column stands for. */
  addresses: number;
  /** The lab actor whose socket has this address; null for another program. */
  actor: string | null;
  outside: boolean;
  /** A listener's address (the server's well-known port). */
  listener: boolean;
};

/**
 * One call and the packets it caused (possibly none), or consecutive packets
 * that arrived while no call ran (`callId` null).
 */
export type WireGroup = {
  key: string;
  callId: number | null;
  packets: PacketView[];
  /** The seq it starts at: the call's `syscall.enter`, or the first packet between calls. */
  at: number;
};

/** The wire as a sequence diagram: its columns and its packets, grouped by the call that caused them. */
export type WireView = {
  peers: WirePeer[];
  groups: WireGroup[];
  /** An address (`addressKey`) → the key of the column it is drawn in. */
  columnOf: ReadonlyMap<string, string>;
};

/** What the rest of the log says about who owns an address. */
export type WireContext = {
  /** Address → actor, for every lab socket's local address seen so far. */
  actors: ReadonlyMap<string, string>;
  /** Listener addresses seen so far. */
  listeners: ReadonlySet<string>;
  /** Addresses the kernel table attributed to another program. */
  outside: ReadonlySet<string>;
  /** The calls of the lab, in the order they were entered. */
  calls: readonly { callId: number; actor: string; syscall: string; enterSeq: number }[];
  /** The lesson's actors, in the order their lanes appear (left to right). */
  actorOrder: readonly string[];
  /** Changes whenever `actors` or `listeners` do; without it the columns are made again at each view. */
  ownersKey?: number;
};

/**
 * Lays the packets out as a sequence diagram: one column per address (the
 * lesson's actors in lane order, then other programs), one group per call (with
 * the packets it caused, if any) and per run of packets between calls.
 *
 * @example
 * const wire = wireOf(packets, context);
 * wire.peers.map((p) => p.address.port) // [4000, 51234]
 */
export function wireOf(packets: readonly PacketView[], context: WireContext): WireView {
  const tracker = new WireTracker();
  // In log order: a call's group exists before the packets it caused.
  const calls = [...context.calls].sort((a, b) => a.enterSeq - b.enterSeq);
  let next = 0;
  for (const packet of packets) {
    for (; next < calls.length && calls[next]!.enterSeq < packet.seq; next++) tracker.addCall(calls[next]!);
    tracker.addPacket(packet);
  }
  for (; next < calls.length; next++) tracker.addCall(calls[next]!);
  return tracker.view(context);
}

type WireCall = WireContext['calls'][number];

// The wire before any packet: one value, so a view without packets keeps its columns.
const noWire: WireView = { peers: [], groups: [], columnOf: new Map() };

/**
 * `wireOf`, one call and one packet at a time, in log order: what one more costs
 * does not grow with the packets before it.
 *
 * @example
 * const wire = new WireTracker();
 * wire.addCall(call); wire.addPacket(packet);
 * wire.view(context) // the same as wireOf([packet], context)
 */
export class WireTracker {
  private groups: WireGroup[] = [];
  /** callId → the index in `groups` of its latest call's group; shared by the copies, as `CallsState.index`. */
  private byCall = new Map<number, number>();
  /** The groups this tracker may change in place; any other is shared with a copy. */
  private owned = new Set<WireGroup>();
  /** The index in `groups` of the run of packets between calls that a packet without a call joins; -1 for none. */
  private between = -1;
  private connects = new Map<number, string>();
  /** The actor of a connect() call whose SYN left from an address, before its socket.state names the port. */
  private synActors = new Map<string, string>();
  /** Every address on the wire, in the order it first appeared. */
  private addresses = new Map<string, Address>();
  private packets = 0;
  private cached: { key: string | null; peers: WirePeer[]; columnOf: Map<string, string> } | null = null;
  /** Set on a snapshot: `groups` is the list of the tracker it was taken from, read through this loan. */
  private lent: Loan<WireGroup> | null = null;
  /** The loans of `groups` made to snapshots, by length. */
  private loans: Loan<WireGroup>[] = [];

  /** A tracker that goes on from here without changing this one; both share the groups until one changes a group. */
  copy(): WireTracker {
    const copy = this.sharing();
    copy.groups = this.lent === null ? [...this.groups] : repaid(this.groups, this.lent);
    return copy;
  }

  /** A snapshot of this tracker, read only through `copy`: it shares the list of groups, which this one goes on appending to. */
  snapshot(): WireTracker {
    if (this.lent !== null) throw new Error('WireTracker.snapshot: a snapshot itself');
    const copy = this.sharing();
    copy.groups = this.groups;
    copy.lent = lend(this.groups, this.loans);
    return copy;
  }

  /** A tracker with this one's state but its groups; every group is shared from now on. */
  private sharing(): WireTracker {
    const copy = new WireTracker();
    this.owned = new Set();
    copy.byCall = this.byCall;
    copy.between = this.between;
    copy.connects = new Map(this.connects);
    copy.synActors = new Map(this.synActors);
    copy.addresses = new Map(this.addresses);
    copy.packets = this.packets;
    copy.cached = this.cached;
    return copy;
  }

  addCall(call: WireCall): void {
    this.writable();
    const group: WireGroup = { key: `c${call.callId}`, callId: call.callId, packets: [], at: call.enterSeq };
    this.groups.push(group);
    this.owned.add(group);
    this.byCall.set(call.callId, this.groups.length - 1);
    if (call.syscall === 'connect') this.connects.set(call.callId, call.actor);
  }

  /** The group of call `callId` here, if any. */
  private groupOf(callId: number): number {
    const i = this.byCall.get(callId);
    if (i === undefined) return -1;
    if (i < this.groups.length && this.groups[i]!.callId === callId) return i;
    return this.groups.findLastIndex((g) => g.callId === callId);
  }

  /** Adds `packet` to the group at index `i`, copying the group first if it is shared. */
  private addTo(i: number, packet: PacketView): void {
    let group = this.groups[i]!;
    if (!this.owned.has(group)) {
      const copy = { ...group, packets: [...group.packets] };
      replaceLent(this.groups, this.loans, i, copy);
      this.owned.add(copy);
      group = copy;
    }
    group.packets.push(packet);
  }

  addPacket(packet: PacketView): void {
    this.writable();
    this.packets++;
    const actor = packet.callId === null ? undefined : this.connects.get(packet.callId);
    const from = addressKey(packet.src);
    if (
      actor !== undefined &&
      packet.flags.includes('SYN') &&
      !packet.flags.includes('ACK') &&
      !this.synActors.has(from)
    ) {
      this.synActors.set(from, actor);
    }
    for (const address of [packet.src, packet.dst]) {
      const key = addressKey(address);
      if (!this.addresses.has(key)) this.addresses.set(key, address);
    }
    const group = packet.callId === null ? -1 : this.groupOf(packet.callId);
    if (group >= 0) {
      this.addTo(group, packet);
      this.between = -1;
    } else if (this.between >= 0) {
      this.addTo(this.between, packet);
    } else {
      const between: WireGroup = { key: `p${packet.seq}`, callId: null, packets: [packet], at: packet.seq };
      this.between = this.groups.push(between) - 1;
      this.owned.add(between);
    }
  }

  private writable(): void {
    if (this.lent !== null) throw new Error('WireTracker: a snapshot is read through copy(), never added to');
  }

  /** The sequence diagram so far; `context` says who owns which address now. */
  view(context: Omit<WireContext, 'calls'>): WireView {
    this.writable();
    if (this.packets === 0) return noWire;
    const { peers, columnOf } = this.peers(context);
    return { peers, groups: this.groups, columnOf };
  }

  private peers(context: Omit<WireContext, 'calls'>): { peers: WirePeer[]; columnOf: Map<string, string> } {
    // The columns change only with a new address or a new owner of one.
    const { ownersKey } = context;
    const key =
      ownersKey === undefined
        ? null
        : `${this.addresses.size}|${this.synActors.size}|${ownersKey}|${context.outside.size}|${context.actorOrder.join(',')}`;
    if (key !== null && this.cached?.key === key) return this.cached;
    const columns = new Map<string, WirePeer>();
    const columnOf = new Map<string, string>();
    for (const [key, address] of this.addresses) {
      const actor = context.outside.has(key) ? null : (context.actors.get(key) ?? this.synActors.get(key) ?? null);
      const column = actor === null ? key : `actor:${actor}`;
      const listener = context.listeners.has(key);
      columnOf.set(key, column);
      const known = columns.get(column);
      if (known === undefined) {
        columns.set(column, { key: column, address, addresses: 1, actor, outside: actor === null, listener });
        continue;
      }
      known.addresses++;
      if (listener || !known.listener) known.address = address;
      known.listener ||= listener;
    }
    const peers = [...columns.values()];
    const rank = (peer: WirePeer) => {
      if (peer.actor === null) return context.actorOrder.length + 1;
      const index = context.actorOrder.indexOf(peer.actor);
      return index < 0 ? context.actorOrder.length : index;
    };
    peers.sort(
      (a, b) => rank(a) - rank(b) || Number(b.listener) - Number(a.listener) || a.address.port - b.address.port,
    );
    this.cached = { key, peers, columnOf };
    return this.cached;
  }
}

/**
 * The window scale shift that applies to this segment's window field, or null:
 * SYNs are never scaled, and scaling is on only when both SYNs offered it (RFC 7323 §2.2).
 */
export function windowShift(packets: readonly PacketView[], packet: PacketView): number | null {
  if (packet.flags.includes('SYN')) return null;
  const from = addressKey(packet.src);
  const to = addressKey(packet.dst);
  const syn = (a: string, b: string) =>
    packets.find((p) => p.flags.includes('SYN') && addressKey(p.src) === a && addressKey(p.dst) === b);
  const mine = syn(from, to)?.options.windowScale ?? null;
  const theirs = syn(to, from)?.options.windowScale ?? null;
  return mine !== null && theirs !== null ? mine : null;
}

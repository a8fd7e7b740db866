import type { Address, EventOf } from '@socklab/protocol';
import { addressKey } from './endpoints.ts';

/** One TCP segment seen on the loopback wire, as the capture decoded it. */
export type PacketView = Omit<EventOf<'packet'>, 'type' | 'payloadBase64' | 'frame'>;

/** One end of the conversation on the wire: a column of the sequence diagram. */
export type WirePeer = {
  key: string;
  address: Address;
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
export type WireView = { peers: WirePeer[]; groups: WireGroup[] };

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
  const actors = new Map(context.actors);
  const connects = new Map(context.calls.filter((c) => c.syscall === 'connect').map((c) => [c.callId, c.actor]));
  // A connect() call's SYN leaves from the connecting socket, before its socket.state names the port.
  for (const packet of packets) {
    const actor = packet.callId === null ? undefined : connects.get(packet.callId);
    const key = addressKey(packet.src);
    if (actor !== undefined && packet.flags.includes('SYN') && !packet.flags.includes('ACK') && !actors.has(key)) {
      actors.set(key, actor);
    }
  }

  const peers = new Map<string, WirePeer>();
  const groups: WireGroup[] = context.calls.map((c) => ({
    key: `c${c.callId}`,
    callId: c.callId,
    packets: [],
    at: c.enterSeq,
  }));
  const byCall = new Map(groups.map((g) => [g.callId, g]));
  let between: WireGroup | null = null;
  for (const packet of packets) {
    for (const address of [packet.src, packet.dst]) {
      const key = addressKey(address);
      if (peers.has(key)) continue;
      const actor = context.outside.has(key) ? null : (actors.get(key) ?? null);
      peers.set(key, { key, address, actor, outside: actor === null, listener: context.listeners.has(key) });
    }
    const group = packet.callId === null ? undefined : byCall.get(packet.callId);
    if (group !== undefined) {
      group.packets.push(packet);
      between = null;
    } else if (between !== null) {
      between.packets.push(packet);
    } else {
      between = { key: `p${packet.seq}`, callId: null, packets: [packet], at: packet.seq };
      groups.push(between);
    }
  }
  groups.sort((a, b) => a.at - b.at);

  const rank = (peer: WirePeer) => {
    if (peer.actor === null) return context.actorOrder.length + 1;
    const index = context.actorOrder.indexOf(peer.actor);
    return index < 0 ? context.actorOrder.length : index;
  };
  const ordered = [...peers.values()].sort(
    (a, b) => rank(a) - rank(b) || Number(b.listener) - Number(a.listener) || a.address.port - b.address.port,
  );
  return { peers: packets.length === 0 ? [] : ordered, groups: packets.length === 0 ? [] : groups };
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

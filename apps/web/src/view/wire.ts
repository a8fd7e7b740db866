import type { Address, EventOf } from '@socklab/protocol';
import { addressKey } from './endpoints.ts';

/** One TCP segment seen on the loopback wire, as the capture decoded it. */
export type PacketView = Omit<EventOf<'packet'>, 'type' | 'payloadBase64'>;

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

/** Consecutive packets caused by one call (or arriving between calls: `callId` null). */
export type WireGroup = {
  key: string;
  callId: number | null;
  packets: PacketView[];
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
  /** The calls of the lab, by id: a connect()'s SYN comes from the connecting socket. */
  connects: ReadonlyMap<number, string>;
  /** The lesson's actors, in the order their lanes appear (left to right). */
  actorOrder: readonly string[];
};

/**
 * Lays the packets out as a sequence diagram: one column per address (the
 * lesson's actors in lane order, then other programs), one group per run of
 * packets caused by the same call.
 *
 * @example
 * const wire = wireOf(packets, context);
 * wire.peers.map((p) => p.address.port) // [4000, 51234]
 */
export function wireOf(packets: readonly PacketView[], context: WireContext): WireView {
  const actors = new Map(context.actors);
  // A connect() call's SYN leaves from the connecting socket, before its socket.state names the port.
  for (const packet of packets) {
    const actor = packet.callId === null ? undefined : context.connects.get(packet.callId);
    const key = addressKey(packet.src);
    if (actor !== undefined && packet.flags.includes('SYN') && !packet.flags.includes('ACK') && !actors.has(key)) {
      actors.set(key, actor);
    }
  }

  const peers = new Map<string, WirePeer>();
  const groups: WireGroup[] = [];
  for (const packet of packets) {
    for (const address of [packet.src, packet.dst]) {
      const key = addressKey(address);
      if (peers.has(key)) continue;
      const actor = context.outside.has(key) ? null : (actors.get(key) ?? null);
      peers.set(key, { key, address, actor, outside: actor === null, listener: context.listeners.has(key) });
    }
    const last = groups.at(-1);
    if (last !== undefined && last.callId === packet.callId) last.packets.push(packet);
    else groups.push({ key: `g${packet.seq}`, callId: packet.callId, packets: [packet] });
  }

  const rank = (peer: WirePeer) => {
    if (peer.actor === null) return context.actorOrder.length + 1;
    const index = context.actorOrder.indexOf(peer.actor);
    return index < 0 ? context.actorOrder.length : index;
  };
  const ordered = [...peers.values()].sort(
    (a, b) => rank(a) - rank(b) || Number(b.listener) - Number(a.listener) || a.address.port - b.address.port,
  );
  return { peers: ordered, groups };
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

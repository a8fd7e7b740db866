import type { Address, EventOf, SocklabEvent, TcpState } from '@socklab/protocol';
import { base64Length } from '../view/calls.ts';
import { addressKey } from '../view/endpoints.ts';
import type { SocketView } from '../view/sockets.ts';

/** What the planner keeps of a socket between two moments: what the last `socket.state` said. */
export type SocketBase = {
  id: string;
  actor: string;
  tcp: TcpState | null;
  api: string;
  local: Address | null;
  remote: Address | null;
  recvQ: number | null;
  acceptQueue: number | null;
  backlog: number | null;
  closed: boolean;
};

/** One thing the log says happened in a step, as the stage shows it moving. */
export type StepAnimation =
  /** socket() or accept() returned a new socket (`from`: the listener whose queue it left). */
  | { kind: 'socket.appear'; socket: string; actor: string; from: string | null }
  /** bind(), or connect()'s implicit bind, gave the socket a local address. */
  | { kind: 'address.attach'; socket: string; actor: string; address: string }
  /** listen(): the kernel reports an accept queue of `backlog` places. */
  | { kind: 'queue.open'; socket: string; actor: string; backlog: number | null }
  /** A completed connection waits in the listener's accept queue (its length from TCP_INFO). */
  | { kind: 'queue.fill'; socket: string; actor: string; length: number }
  /** accept() took a connection out of the queue; it becomes `into`. */
  | { kind: 'queue.take'; socket: string; actor: string; length: number; into: string | null }
  /** A captured segment, between the lab sockets it went from and to (null: no socket of the lab). */
  | { kind: 'packet.fly'; seq: number; flags: readonly string[]; from: string | null; to: string | null }
  /** write() handed `bytes` to the kernel on `socket` (the `data` event). */
  | { kind: 'bytes.send'; socket: string; actor: string; bytes: number; to: string | null }
  /** The kernel's receive queue of `socket` grew: bytes wait there until read() (sock_diag). */
  | { kind: 'bytes.arrive'; socket: string; actor: string; bytes: number; queued: number }
  /** read() took `bytes` out of the socket's receive queue. */
  | { kind: 'bytes.read'; socket: string; actor: string; bytes: number }
  /** The kernel reported another TCP or API state for the socket. */
  | { kind: 'state.change'; socket: string; actor: string; from: TcpState | null; to: TcpState | null }
  /** close() released the descriptor. */
  | { kind: 'socket.close'; socket: string; actor: string }
  /** A call would block: the program waits in it. */
  | { kind: 'call.block'; actor: string; syscall: string }
  /** A blocked call returned. */
  | { kind: 'call.wake'; actor: string; syscall: string };

export type StepAnimationKind = StepAnimation['kind'];

/**
 * What to show between two moments: `play` the animations of one step in the log's
 * order, or `still`: the moment is shown at once (back, a jump over many steps, a new run).
 * `continues`: the events go on a step already shown (no new call: a later batch of it).
 */
export type StepPlan = { motion: 'play' | 'still'; animations: StepAnimation[]; continues: boolean };

/** More calls than one step makes (a step is one call): a jump, shown at once. */
const maxCallsPerStep = 1;

const still: StepPlan = { motion: 'still', animations: [], continues: false };

const hasPort = (address: Address | null): address is Address => address !== null && address.port !== 0;

/** The lab socket a segment left from or arrived at: its own 4-tuple, else the listener of its address. */
function socketAt(ends: readonly SocketBase[], local: Address, remote: Address): string | null {
  const here = addressKey(local);
  const there = addressKey(remote);
  const own = ends.findLast(
    (s) => hasPort(s.local) && addressKey(s.local) === here && s.remote !== null && addressKey(s.remote) === there,
  );
  if (own !== undefined) return own.id;
  // A connection still in the accept queue has no socket of its own yet: the listener holds it.
  return ends.findLast((s) => hasPort(s.local) && addressKey(s.local) === here && s.remote === null)?.id ?? null;
}

const baseOf = (event: EventOf<'socket.state'>): SocketBase => ({
  id: event.socket,
  actor: event.actor,
  tcp: event.tcp,
  api: event.api,
  local: event.local,
  remote: event.remote,
  recvQ: event.recvQ,
  acceptQueue: event.acceptQueue,
  backlog: event.backlog,
  closed: event.closed,
});

/** The animations of one socket's new `socket.state`, against what was known of it before. */
function changesOf(previous: SocketBase | undefined, next: SocketBase, from: string | null): StepAnimation[] {
  const { id: socket, actor } = next;
  if (previous === undefined) return next.closed ? [] : [{ kind: 'socket.appear', socket, actor, from }];
  const out: StepAnimation[] = [];
  if (next.closed && !previous.closed) return [{ kind: 'socket.close', socket, actor }];
  if (hasPort(next.local) && (!hasPort(previous.local) || addressKey(previous.local) !== addressKey(next.local))) {
    out.push({ kind: 'address.attach', socket, actor, address: addressKey(next.local) });
  }
  if (next.acceptQueue !== null && previous.acceptQueue === null) {
    out.push({ kind: 'queue.open', socket, actor, backlog: next.backlog });
  } else if (next.acceptQueue !== null && previous.acceptQueue !== null) {
    if (next.acceptQueue > previous.acceptQueue)
      out.push({ kind: 'queue.fill', socket, actor, length: next.acceptQueue });
  }
  if (next.recvQ !== null && previous.recvQ !== null && next.recvQ > previous.recvQ) {
    out.push({ kind: 'bytes.arrive', socket, actor, bytes: next.recvQ - previous.recvQ, queued: next.recvQ });
  }
  if (next.tcp !== previous.tcp && !next.closed) {
    out.push({ kind: 'state.change', socket, actor, from: previous.tcp, to: next.tcp });
  }
  return out;
}

/**
 * Plans what to animate for the events between two moments of the log, in the log's
 * order: only what the kernel reported (new sockets, addresses and queue lengths from
 * `socket.state`, segments from the capture, bytes from `data`). `before` is every socket
 * as it was at the first moment. One step forward plays (a later batch of the step shown
 * `continues` it); more than one step or call, or a new run, is `still`.
 *
 * @example
 * const plan = planStep(socketsBefore, log.slice(cursorBefore, cursor));
 * plan.animations.map((a) => a.kind) // ['packet.fly', 'packet.fly', 'packet.fly', 'queue.fill', …] for a connect()
 */
export function planStep(before: ReadonlyMap<string, SocketBase>, events: readonly SocklabEvent[]): StepPlan {
  let calls = 0;
  let steps = 0;
  for (const event of events) {
    if (event.type === 'session.hello' || event.type === 'lesson.start') return still;
    if (event.type === 'syscall.enter' && ++calls > maxCallsPerStep) return still;
    if (event.type === 'lesson.step' && ++steps > maxCallsPerStep) return still;
  }
  const known = new Map(before);
  // Every address a socket had between the two moments: a client's port is reported after its SYN left.
  const ends: SocketBase[] = [...before.values()];
  for (const event of events) if (event.type === 'socket.state') ends.push(baseOf(event));

  const animations: StepAnimation[] = [];
  // The socket each accept() returned, by listener, until the queue's new length is reported.
  const acceptedFrom = new Map<string, string>();
  const blockedCalls = new Set<number>();
  for (const event of events) {
    switch (event.type) {
      case 'socket.state': {
        const next = baseOf(event);
        const previous = known.get(next.id);
        const via = [...acceptedFrom].find(([, created]) => created === next.id)?.[0] ?? null;
        if (
          previous?.acceptQueue != null &&
          next.acceptQueue !== null &&
          next.acceptQueue < previous.acceptQueue &&
          acceptedFrom.has(next.id)
        ) {
          animations.push({
            kind: 'queue.take',
            socket: next.id,
            actor: next.actor,
            length: next.acceptQueue,
            into: acceptedFrom.get(next.id) ?? null,
          });
        }
        animations.push(...changesOf(previous, next, via));
        known.set(next.id, next);
        break;
      }
      case 'packet': {
        // Only sockets that exist by now: a connection accept() returns later is still the listener's.
        const present = ends.filter((s) => known.has(s.id));
        animations.push({
          kind: 'packet.fly',
          seq: event.seq,
          flags: event.flags,
          from: socketAt(present, event.src, event.dst),
          to: socketAt(present, event.dst, event.src),
        });
        break;
      }
      case 'data': {
        const bytes = base64Length(event.base64);
        if (event.direction === 'received') {
          animations.push({ kind: 'bytes.read', socket: event.socket, actor: event.actor, bytes });
          break;
        }
        const own = known.get(event.socket);
        const peer =
          own?.local && own.remote
            ? socketAt(
                ends.filter((s) => s.id !== own.id),
                own.remote,
                own.local,
              )
            : null;
        animations.push({ kind: 'bytes.send', socket: event.socket, actor: event.actor, bytes, to: peer });
        break;
      }
      case 'syscall.block':
        blockedCalls.add(event.callId);
        animations.push({ kind: 'call.block', actor: event.actor, syscall: event.syscall });
        break;
      case 'syscall.exit':
        if (event.syscall === 'accept' && event.created !== undefined && event.socket !== null) {
          acceptedFrom.set(event.socket, event.created);
        }
        if (event.blocked && !blockedCalls.has(event.callId)) {
          animations.push({ kind: 'call.wake', actor: event.actor, syscall: event.syscall });
        }
        break;
      default:
        break;
    }
  }
  return { motion: 'play', animations, continues: calls === 0 && steps === 0 };
}

/**
 * What the planner keeps of the view's sockets at a moment: a copy, since the view's
 * lists grow in place at the head.
 *
 * @example
 * const before = basesOf(view.sockets);
 */
export function basesOf(sockets: readonly SocketView[]): Map<string, SocketBase> {
  return new Map(
    sockets.map((s) => [
      s.id,
      {
        id: s.id,
        actor: s.actor,
        tcp: s.tcp,
        api: s.api,
        local: s.local,
        remote: s.remote,
        recvQ: s.recvQ,
        acceptQueue: s.acceptQueue,
        backlog: s.backlog,
        closed: s.closed,
      },
    ]),
  );
}

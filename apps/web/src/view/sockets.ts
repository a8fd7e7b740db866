import type { Address, EventOf, Role, TcpState } from '@socklab/protocol';
import { addressKey } from './endpoints.ts';

/** One socket as the latest `socket.state` described it. */
export type SocketView = {
  id: string;
  fd: number;
  actor: string;
  role: Role;
  /** The C variable of the actor's program that holds this fd (`server_socket`), as the server named it. */
  name: string | null;
  api: string;
  tcp: TcpState | null;
  local: Address | null;
  remote: Address | null;
  recvQ: number | null;
  sendQ: number | null;
  acceptQueue: number | null;
  backlog: number | null;
  closed: boolean;
  /** seq of the first and latest `socket.state` of this socket. */
  firstSeq: number;
  lastSeq: number;
};

/** The lab's sockets, and who owns which local address (for the wire). */
export type SocketsState = {
  byId: Map<string, SocketView>;
  /** Address → actor, for every lab socket's local address seen so far. */
  actors: Map<string, string>;
  /** Listener addresses seen so far. */
  listeners: Set<string>;
  /** How many `socket.state` events were folded: changes whenever the sockets may have. */
  version: number;
  /** Changes whenever a socket's fd is new (an fd never changes for a socket id, so: a new socket). */
  fdVersion: number;
  /** Changes whenever `actors` or `listeners` do. */
  ownersVersion: number;
  /** `socketList`'s answer for `version`: built once per version, shared by the views and the copies. */
  listed: Listed | null;
};

type Listed = { version: number; list: SocketView[]; listening: Address | null };

export const emptySockets = (): SocketsState => ({
  byId: new Map(),
  actors: new Map(),
  listeners: new Set(),
  version: 0,
  fdVersion: 0,
  ownersVersion: 0,
  listed: null,
});

/** A copy that folding on does not change (each `socket.state` replaces its socket's view). */
export const copySockets = (state: SocketsState): SocketsState => ({
  byId: new Map(state.byId),
  actors: new Map(state.actors),
  listeners: new Set(state.listeners),
  version: state.version,
  fdVersion: state.fdVersion,
  ownersVersion: state.ownersVersion,
  listed: state.listed,
});

export function foldSockets(state: SocketsState, event: EventOf<'socket.state'>): void {
  const { type: _type, seq, t: _t, socket, ...fields } = event;
  if (event.local !== null && event.local.port !== 0) {
    const local = addressKey(event.local);
    if (state.actors.get(local) !== event.actor) {
      state.actors.set(local, event.actor);
      state.ownersVersion++;
    }
    if (event.role === 'listener' && !state.listeners.has(local)) {
      state.listeners.add(local);
      state.ownersVersion++;
    }
  }
  state.version++;
  const previous = state.byId.get(socket);
  if (previous?.fd !== event.fd) state.fdVersion++;
  state.byId.set(socket, { id: socket, ...fields, firstSeq: previous?.firstSeq ?? seq, lastSeq: seq });
}

/**
 * The sockets in the order they appeared, and the address of a listener in
 * LISTEN (where another program can connect): derived once per `version`.
 */
export function socketList(state: SocketsState): { list: SocketView[]; listening: Address | null } {
  if (state.listed?.version === state.version) return state.listed;
  const list = [...state.byId.values()];
  const listener = list.find((s) => s.role === 'listener' && s.tcp === 'LISTEN' && s.local !== null);
  state.listed = { version: state.version, list, listening: listener?.local ?? null };
  return state.listed;
}

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
};

export const emptySockets = (): SocketsState => ({
  byId: new Map(),
  actors: new Map(),
  listeners: new Set(),
  version: 0,
});

/** A copy that folding on does not change (each `socket.state` replaces its socket's view). */
export const copySockets = (state: SocketsState): SocketsState => ({
  byId: new Map(state.byId),
  actors: new Map(state.actors),
  listeners: new Set(state.listeners),
  version: state.version,
});

export function foldSockets(state: SocketsState, event: EventOf<'socket.state'>): void {
  const { type: _type, seq, t: _t, socket, ...fields } = event;
  if (event.local !== null && event.local.port !== 0) {
    state.actors.set(addressKey(event.local), event.actor);
    if (event.role === 'listener') state.listeners.add(addressKey(event.local));
  }
  state.version++;
  const previous = state.byId.get(socket);
  state.byId.set(socket, { id: socket, ...fields, firstSeq: previous?.firstSeq ?? seq, lastSeq: seq });
}

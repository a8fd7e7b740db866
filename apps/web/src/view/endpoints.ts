import { tcpPath } from '@socklab/lifecycle';
import type { Address, EventOf, TcpState } from '@socklab/protocol';

/** `127.0.0.1:4000`: one end of a connection, as a map key. */
export const addressKey = (address: Address): string => `${address.host}:${address.port}`;

/** A connection's key from one end's point of view: `127.0.0.1:4000>127.0.0.1:51234`. */
export const tupleKey = (local: Address, remote: Address): string => `${addressKey(local)}>${addressKey(remote)}`;

/** One time the kernel reported a TCP state for an endpoint. */
export type TcpObservation = {
  seq: number;
  state: TcpState;
  callId: number | null;
  /** `socket`: TCP_INFO of an open fd; `table`: a row of the kernel's table; `gone`: the table stopped listing it (no TCB left). */
  source: 'socket' | 'table' | 'gone';
};

/** A change between two observations, with the RFC 9293 path the kernel must have taken between them. */
export type TcpChange = {
  seq: number;
  from: TcpState;
  to: TcpState;
  /** `from` … `to` along the diagram; two states when the change is one transition. */
  path: TcpState[];
  /** The change is one transition of the diagram (nothing happened unobserved in between). */
  direct: boolean;
  /** An RST of this connection crossed the wire in between: the reset transitions were possible. */
  reset: boolean;
};

/**
 * One TCP endpoint the kernel told us about: a lab socket (for as long as its
 * fd is open and, after close(), as the orphan the kernel keeps), a connection
 * waiting in an accept queue, or another program's socket.
 */
export type EndpointView = {
  /** Its main key: the lab socket id, or the 4-tuple (or local address) of a row without one. */
  key: string;
  /** Every key it was known by (a queued child's 4-tuple becomes the socket accept() returned). */
  keys: string[];
  socket: string | null;
  actor: string | null;
  owner: 'lab' | 'outside';
  local: Address | null;
  remote: Address | null;
  /** Where its life began: LISTEN for a connection a listener accepted (passive OPEN), CLOSED otherwise. */
  origin: TcpState;
  history: TcpObservation[];
  /** The latest observed state; null while nothing was observed. */
  state: TcpState | null;
  changes: TcpChange[];
  last: TcpChange | null;
  /** Every state it passed through, observed or on the path between two observations, in order. */
  visited: TcpState[];
  /** Its fd is open. */
  open: boolean;
  /** The latest kernel table lists it. */
  inKernel: boolean;
  firstSeq: number;
};

type Mutable = Omit<EndpointView, 'changes' | 'last' | 'visited'>;

export type EndpointEvent = EventOf<'socket.state'> | EventOf<'kernel.table'> | EventOf<'packet'>;

/** The endpoints and, for the latest kernel table, which endpoint each row is. */
export type EndpointTracking = {
  endpoints: EndpointView[];
  /** The endpoint key of each row of the latest table, in row order. */
  rowEndpoints: string[];
  /** The endpoint key of each row of the table before it. */
  previousRowEndpoints: string[];
};

/**
 * The route the kernel took between two observations. `tcpPath` takes the
 * shortest, which from CLOSE_WAIT to CLOSED is a reset; without an RST on the
 * wire the kernel took the normal route (CLOSE_WAIT → LAST_ACK → CLOSED).
 */
function routeOf(from: TcpState, to: TcpState, reset: boolean): TcpState[] {
  if (from === to) return [from];
  if (reset) return tcpPath(from, to) ?? [from, to];
  return tcpPath(from, to, { reset: false }) ?? tcpPath(from, to) ?? [from, to];
}

function changesOf(
  origin: TcpState,
  history: readonly TcpObservation[],
  resetBetween: (fromSeq: number, toSeq: number) => boolean,
): { changes: TcpChange[]; visited: TcpState[] } {
  const changes: TcpChange[] = [];
  const visited: TcpState[] = [origin];
  const visit = (state: TcpState) => {
    if (!visited.includes(state)) visited.push(state);
  };
  let previous = origin;
  let previousSeq = -1;
  for (const observation of history) {
    if (observation.state === previous) continue;
    // RFC 9293 §3.3.2: the kernel moves one transition at a time; two observations
    // far apart show the route it must have taken in between.
    const reset = resetBetween(previousSeq, observation.seq);
    const path = routeOf(previous, observation.state, reset);
    for (const state of path) visit(state);
    visit(observation.state);
    changes.push({
      seq: observation.seq,
      from: previous,
      to: observation.state,
      path,
      direct: path.length === 2,
      reset,
    });
    previous = observation.state;
    previousSeq = observation.seq;
  }
  return { changes, visited };
}

/**
 * Follows every TCP endpoint through `socket.state` and `kernel.table` events
 * (in log order): a socket keeps its identity after close() through its 4-tuple,
 * and a connection seen in an accept queue becomes the socket accept() returns.
 * An endpoint without an fd that the table stops listing has no TCB left: CLOSED.
 *
 * @example
 * const { endpoints } = trackEndpoints(events);
 * endpoints.find((e) => e.socket === 'sock-2')?.state // 'TIME_WAIT' after close()
 */
export function trackEndpoints(events: readonly EndpointEvent[]): EndpointTracking {
  const endpoints = new Map<string, Mutable>();
  const alias = new Map<string, string>();
  const actorOfAddress = new Map<string, string>();
  const listening = new Set<string>();
  let present: string[] = [];
  let previous: string[] = [];
  const resets: { seq: number; ends: [string, string] }[] = [];

  const find = (key: string) => endpoints.get(alias.get(key) ?? key);
  const create = (key: string, seq: number, fields: Partial<Mutable>): Mutable => {
    const endpoint: Mutable = {
      key,
      keys: [key],
      socket: null,
      actor: null,
      owner: 'lab',
      local: null,
      remote: null,
      origin: 'CLOSED',
      history: [],
      state: null,
      open: false,
      inKernel: false,
      firstSeq: seq,
      ...fields,
    };
    endpoints.set(key, endpoint);
    alias.set(key, key);
    return endpoint;
  };
  const observe = (endpoint: Mutable, observation: TcpObservation) => {
    if (endpoint.state === observation.state) return;
    endpoint.history.push(observation);
    endpoint.state = observation.state;
  };
  const link = (endpoint: Mutable, key: string) => {
    const other = find(key);
    if (other !== undefined && other !== endpoint) {
      // The queued child's past becomes the accepted socket's past.
      endpoints.delete(other.key);
      endpoint.history = [...other.history, ...endpoint.history].sort((a, b) => a.seq - b.seq);
      endpoint.state = endpoint.history.at(-1)?.state ?? endpoint.state;
      endpoint.origin = other.origin;
      endpoint.firstSeq = Math.min(endpoint.firstSeq, other.firstSeq);
      for (const k of other.keys) {
        alias.set(k, endpoint.key);
        if (!endpoint.keys.includes(k)) endpoint.keys.push(k);
      }
      present = present.map((k) => (k === other.key ? endpoint.key : k));
    }
    alias.set(key, endpoint.key);
    if (!endpoint.keys.includes(key)) endpoint.keys.push(key);
  };

  for (const event of events) {
    if (event.type === 'packet') {
      if (event.flags.includes('RST'))
        resets.push({ seq: event.seq, ends: [addressKey(event.src), addressKey(event.dst)] });
      continue;
    }
    if (event.type === 'socket.state') {
      const endpoint =
        find(event.socket) ??
        create(event.socket, event.seq, {
          socket: event.socket,
          actor: event.actor,
          owner: 'lab',
          // accept() hands over a connection its listener opened passively.
          origin: event.role === 'connection' ? 'LISTEN' : 'CLOSED',
        });
      endpoint.open = !event.closed;
      if (event.local !== null && event.local.port !== 0) {
        actorOfAddress.set(addressKey(event.local), event.actor);
        endpoint.local = event.local;
      }
      if (event.local !== null && event.remote !== null) {
        endpoint.remote = event.remote;
        link(endpoint, tupleKey(event.local, event.remote));
      }
      if (event.tcp === 'LISTEN' && event.local !== null) listening.add(addressKey(event.local));
      if (event.tcp !== null) observe(endpoint, { seq: event.seq, state: event.tcp, callId: null, source: 'socket' });
      continue;
    }

    previous = present;
    present = [];
    for (const row of event.rows) {
      const tuple = row.remote === null ? null : tupleKey(row.local, row.remote);
      const key = row.socket ?? tuple ?? `local:${addressKey(row.local)}`;
      let endpoint = find(key) ?? (tuple === null ? undefined : find(tuple));
      if (endpoint === undefined) {
        const passive = row.remote !== null && listening.has(addressKey(row.local));
        endpoint = create(key, event.seq, {
          socket: row.socket,
          owner: row.owner,
          actor: row.owner === 'lab' ? (actorOfAddress.get(addressKey(row.local)) ?? null) : null,
          origin: passive ? 'LISTEN' : 'CLOSED',
        });
      }
      if (row.socket !== null && find(row.socket) !== endpoint) link(endpoint, row.socket);
      if (tuple !== null) link(endpoint, tuple);
      endpoint.local = row.local;
      endpoint.remote = row.remote;
      observe(endpoint, { seq: event.seq, state: row.state, callId: event.callId, source: 'table' });
      present.push(endpoint.key);
    }
    for (const endpoint of endpoints.values()) endpoint.inKernel = present.includes(endpoint.key);
    for (const key of new Set(previous)) {
      const endpoint = find(key);
      if (endpoint === undefined || endpoint.inKernel || endpoint.open) continue;
      observe(endpoint, { seq: event.seq, state: 'CLOSED', callId: event.callId, source: 'gone' });
    }
  }

  const list = [...endpoints.values()]
    .sort((a, b) => a.firstSeq - b.firstSeq)
    .map((endpoint): EndpointView => {
      const { local, remote } = endpoint;
      const mine = (ends: readonly [string, string]) =>
        local !== null && remote !== null && ends.includes(addressKey(local)) && ends.includes(addressKey(remote));
      const resetBetween = (from: number, to: number) => resets.some((r) => r.seq > from && r.seq < to && mine(r.ends));
      const { changes, visited } = changesOf(endpoint.origin, endpoint.history, resetBetween);
      return { ...endpoint, changes, last: changes.at(-1) ?? null, visited };
    });
  const resolve = (key: string) => alias.get(key) ?? key;
  return { endpoints: list, rowEndpoints: present.map(resolve), previousRowEndpoints: previous.map(resolve) };
}

/** The endpoint known by `key` (a socket id, or a 4-tuple once accepted), if any. */
export function findEndpoint(endpoints: readonly EndpointView[], key: string | null): EndpointView | undefined {
  if (key === null) return undefined;
  return endpoints.find((endpoint) => endpoint.key === key) ?? endpoints.find((e) => e.keys.includes(key));
}

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
  const tracker = new EndpointTracker();
  for (const event of events) tracker.add(event);
  return tracker.tracking();
}

/**
 * `trackEndpoints`, one event at a time: what one event costs does not grow with
 * the events before it (only the endpoints it touches are derived again).
 *
 * @example
 * const tracker = new EndpointTracker();
 * for (const event of events) tracker.add(event);
 * tracker.tracking().endpoints // the same as trackEndpoints(events).endpoints
 */
export class EndpointTracker {
  private endpoints = new Map<string, Mutable>();
  private alias = new Map<string, string>();
  private actorOfAddress = new Map<string, string>();
  private listening = new Set<string>();
  private present: string[] = [];
  private previous: string[] = [];
  /** The RSTs seen, by the pair of addresses they went between (`a|b`, sorted). */
  private resets = new Map<string, number[]>();
  /** The derived view of each endpoint not touched since it was derived. */
  private views = new Map<string, EndpointView>();
  private cached: EndpointTracking | null = null;

  /** A tracker that goes on from here without changing this one. */
  copy(): EndpointTracker {
    const copy = new EndpointTracker();
    for (const [key, e] of this.endpoints)
      copy.endpoints.set(key, { ...e, keys: [...e.keys], history: [...e.history] });
    copy.alias = new Map(this.alias);
    copy.actorOfAddress = new Map(this.actorOfAddress);
    copy.listening = new Set(this.listening);
    copy.present = [...this.present];
    copy.previous = [...this.previous];
    copy.resets = new Map([...this.resets].map(([pair, seqs]) => [pair, [...seqs]]));
    copy.views = new Map(this.views);
    copy.cached = this.cached;
    return copy;
  }

  private find(key: string): Mutable | undefined {
    return this.endpoints.get(this.alias.get(key) ?? key);
  }

  private touch(endpoint: Mutable): void {
    this.views.delete(endpoint.key);
    this.cached = null;
  }

  private create(key: string, seq: number, fields: Partial<Mutable>): Mutable {
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
    this.endpoints.set(key, endpoint);
    this.alias.set(key, key);
    this.touch(endpoint);
    return endpoint;
  }

  private observe(endpoint: Mutable, observation: TcpObservation): void {
    if (endpoint.state === observation.state) return;
    endpoint.history.push(observation);
    endpoint.state = observation.state;
  }

  private link(endpoint: Mutable, key: string): void {
    const other = this.find(key);
    if (other !== undefined && other !== endpoint) {
      // The queued child's past becomes the accepted socket's past.
      this.endpoints.delete(other.key);
      this.views.delete(other.key);
      endpoint.history = [...other.history, ...endpoint.history].sort((a, b) => a.seq - b.seq);
      endpoint.state = endpoint.history.at(-1)?.state ?? endpoint.state;
      endpoint.origin = other.origin;
      endpoint.firstSeq = Math.min(endpoint.firstSeq, other.firstSeq);
      for (const k of other.keys) {
        this.alias.set(k, endpoint.key);
        if (!endpoint.keys.includes(k)) endpoint.keys.push(k);
      }
      this.present = this.present.map((k) => (k === other.key ? endpoint.key : k));
    }
    this.alias.set(key, endpoint.key);
    if (!endpoint.keys.includes(key)) endpoint.keys.push(key);
  }

  /** Follows one more event. */
  add(event: EndpointEvent): void {
    if (event.type === 'packet') {
      if (event.flags.includes('RST')) {
        const pair = pairKey(addressKey(event.src), addressKey(event.dst));
        const seqs = this.resets.get(pair) ?? [];
        seqs.push(event.seq);
        this.resets.set(pair, seqs);
      }
      return;
    }
    if (event.type === 'socket.state') {
      const endpoint =
        this.find(event.socket) ??
        this.create(event.socket, event.seq, {
          socket: event.socket,
          actor: event.actor,
          owner: 'lab',
          // accept() hands over a connection its listener opened passively.
          origin: event.role === 'connection' ? 'LISTEN' : 'CLOSED',
        });
      this.touch(endpoint);
      endpoint.open = !event.closed;
      if (event.local !== null && event.local.port !== 0) {
        this.actorOfAddress.set(addressKey(event.local), event.actor);
        endpoint.local = event.local;
      }
      if (event.local !== null && event.remote !== null) {
        endpoint.remote = event.remote;
        this.link(endpoint, tupleKey(event.local, event.remote));
      }
      if (event.tcp === 'LISTEN' && event.local !== null) this.listening.add(addressKey(event.local));
      if (event.tcp !== null)
        this.observe(endpoint, { seq: event.seq, state: event.tcp, callId: null, source: 'socket' });
      return;
    }

    this.previous = this.present;
    this.present = [];
    for (const row of event.rows) {
      const tuple = row.remote === null ? null : tupleKey(row.local, row.remote);
      const key = row.socket ?? tuple ?? `local:${addressKey(row.local)}`;
      let endpoint = this.find(key) ?? (tuple === null ? undefined : this.find(tuple));
      if (endpoint === undefined) {
        const passive = row.remote !== null && this.listening.has(addressKey(row.local));
        endpoint = this.create(key, event.seq, {
          socket: row.socket,
          owner: row.owner,
          actor: row.owner === 'lab' ? (this.actorOfAddress.get(addressKey(row.local)) ?? null) : null,
          origin: passive ? 'LISTEN' : 'CLOSED',
        });
      }
      if (row.socket !== null && this.find(row.socket) !== endpoint) this.link(endpoint, row.socket);
      if (tuple !== null) this.link(endpoint, tuple);
      this.touch(endpoint);
      endpoint.local = row.local;
      endpoint.remote = row.remote;
      this.observe(endpoint, { seq: event.seq, state: row.state, callId: event.callId, source: 'table' });
      this.present.push(endpoint.key);
    }
    // Only the endpoints of this table and the one before can change whether the kernel lists them.
    const listed = new Set(this.present);
    for (const key of [...this.previous, ...this.present]) {
      const endpoint = this.endpoints.get(key);
      if (endpoint === undefined || endpoint.inKernel === listed.has(key)) continue;
      endpoint.inKernel = listed.has(key);
      this.touch(endpoint);
    }
    for (const key of new Set(this.previous)) {
      const endpoint = this.find(key);
      if (endpoint === undefined || endpoint.inKernel || endpoint.open) continue;
      if (endpoint.state !== 'CLOSED') this.touch(endpoint);
      this.observe(endpoint, { seq: event.seq, state: 'CLOSED', callId: event.callId, source: 'gone' });
    }
  }

  /** The endpoints so far and, for the latest kernel table, which endpoint each row is. */
  tracking(): EndpointTracking {
    if (this.cached !== null) return this.cached;
    const list = [...this.endpoints.values()]
      .sort((a, b) => a.firstSeq - b.firstSeq)
      .map((endpoint) => {
        const known = this.views.get(endpoint.key);
        if (known !== undefined) return known;
        const view = this.viewOf(endpoint);
        this.views.set(endpoint.key, view);
        return view;
      });
    const resolve = (key: string) => this.alias.get(key) ?? key;
    this.cached = {
      endpoints: list,
      rowEndpoints: this.present.map(resolve),
      previousRowEndpoints: this.previous.map(resolve),
    };
    return this.cached;
  }

  private viewOf(endpoint: Mutable): EndpointView {
    const { local, remote } = endpoint;
    const resets =
      local === null || remote === null ? [] : (this.resets.get(pairKey(addressKey(local), addressKey(remote))) ?? []);
    const resetBetween = (from: number, to: number) => resets.some((seq) => seq > from && seq < to);
    const { changes, visited } = changesOf(endpoint.origin, endpoint.history, resetBetween);
    return {
      ...endpoint,
      keys: [...endpoint.keys],
      history: [...endpoint.history],
      changes,
      last: changes.at(-1) ?? null,
      visited,
    };
  }
}

const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** The endpoint known by `key` (a socket id, or a 4-tuple once accepted), if any. */
export function findEndpoint(endpoints: readonly EndpointView[], key: string | null): EndpointView | undefined {
  if (key === null) return undefined;
  return endpoints.find((endpoint) => endpoint.key === key) ?? endpoints.find((e) => e.keys.includes(key));
}

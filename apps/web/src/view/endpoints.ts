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
  /** The endpoints' keys by first seq (as `tracking` lists them), while no merge made that order stale. */
  private order: string[] | null = [];
  /** The latest list `tracking` gave, and where each endpoint is in it: a list is never changed once given. */
  private list: EndpointView[] = [];
  private position = new Map<string, number>();
  /** Endpoints touched since `list` was made. */
  private dirty = new Set<string>();
  /** Whether `present`, `previous` or an alias changed since the rows' endpoints were resolved. */
  private rowsStale = true;
  private rows: { rowEndpoints: string[]; previousRowEndpoints: string[] } = {
    rowEndpoints: [],
    previousRowEndpoints: [],
  };
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
    copy.order = this.order === null ? null : [...this.order];
    copy.list = this.list;
    copy.position = new Map(this.position);
    copy.dirty = new Set(this.dirty);
    copy.rowsStale = this.rowsStale;
    copy.rows = this.rows;
    copy.cached = this.cached;
    return copy;
  }

  private find(key: string): Mutable | undefined {
    return this.endpoints.get(this.alias.get(key) ?? key);
  }

  private touch(endpoint: Mutable): void {
    this.views.delete(endpoint.key);
    this.dirty.add(endpoint.key);
    this.cached = null;
  }

  private setAlias(key: string, to: string): void {
    if (this.alias.get(key) === to) return;
    this.alias.set(key, to);
    this.rowsStale = true;
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
    // A new endpoint's first seq is the latest: it goes last.
    this.order?.push(key);
    this.setAlias(key, key);
    this.touch(endpoint);
    return endpoint;
  }

  /** Whether the observation was new (a state change). */
  private observe(endpoint: Mutable, observation: TcpObservation): boolean {
    if (endpoint.state === observation.state) return false;
    endpoint.history.push(observation);
    endpoint.state = observation.state;
    return true;
  }

  private link(endpoint: Mutable, key: string): void {
    const other = this.find(key);
    if (other !== undefined && other !== endpoint) {
      // The queued child's past becomes the accepted socket's past.
      this.endpoints.delete(other.key);
      this.views.delete(other.key);
      this.dirty.delete(other.key);
      this.order = null;
      endpoint.history = [...other.history, ...endpoint.history].sort((a, b) => a.seq - b.seq);
      endpoint.state = endpoint.history.at(-1)?.state ?? endpoint.state;
      endpoint.origin = other.origin;
      endpoint.firstSeq = Math.min(endpoint.firstSeq, other.firstSeq);
      for (const k of other.keys) {
        this.setAlias(k, endpoint.key);
        if (!endpoint.keys.includes(k)) endpoint.keys.push(k);
      }
      this.present = this.present.map((k) => (k === other.key ? endpoint.key : k));
      this.rowsStale = true;
      this.touch(endpoint);
    }
    this.setAlias(key, endpoint.key);
    if (!endpoint.keys.includes(key)) {
      endpoint.keys.push(key);
      this.touch(endpoint);
    }
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
    this.rowsStale = true;
    this.cached = null;
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
      // A row that says what the endpoint's view already shows changes nothing: its view is kept.
      if (!sameAddress(endpoint.local, row.local) || !sameAddress(endpoint.remote, row.remote)) this.touch(endpoint);
      endpoint.local = row.local;
      endpoint.remote = row.remote;
      if (this.observe(endpoint, { seq: event.seq, state: row.state, callId: event.callId, source: 'table' }))
        this.touch(endpoint);
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
      if (this.observe(endpoint, { seq: event.seq, state: 'CLOSED', callId: event.callId, source: 'gone' }))
        this.touch(endpoint);
    }
  }

  /** The derived view of `endpoint`, kept until it is touched. */
  private viewOfKey(key: string): EndpointView {
    const known = this.views.get(key);
    if (known !== undefined) return known;
    const view = this.viewOf(this.endpoints.get(key)!);
    this.views.set(key, view);
    return view;
  }

  /**
   * The endpoints so far and, for the latest kernel table, which endpoint each
   * row is. Costs what changed since the last call: the views of the endpoints
   * touched since, and a copy of the list when one was.
   */
  tracking(): EndpointTracking {
    if (this.cached !== null) return this.cached;
    if (this.order === null) {
      this.order = [...this.endpoints.values()].sort((a, b) => a.firstSeq - b.firstSeq).map((e) => e.key);
      this.list = this.order.map((key) => this.viewOfKey(key));
      this.position = new Map(this.order.map((key, i) => [key, i]));
    } else if (this.dirty.size > 0 || this.list.length !== this.order.length) {
      const list = this.list.slice();
      for (let i = list.length; i < this.order.length; i++) {
        const key = this.order[i]!;
        list.push(this.viewOfKey(key));
        this.position.set(key, i);
      }
      for (const key of this.dirty) {
        const i = this.position.get(key);
        if (i !== undefined && i < this.list.length) list[i] = this.viewOfKey(key);
      }
      this.list = list;
    }
    this.dirty.clear();
    if (this.rowsStale) {
      const resolve = (key: string) => this.alias.get(key) ?? key;
      this.rows = {
        rowEndpoints: kept(this.rows.rowEndpoints, this.present.map(resolve)),
        previousRowEndpoints: kept(this.rows.previousRowEndpoints, this.previous.map(resolve)),
      };
      this.rowsStale = false;
    }
    this.cached = { endpoints: this.list, ...this.rows };
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

/** `before` itself when `after` lists the same keys, so that what was derived from it stays valid. */
const kept = (before: string[], after: string[]): string[] =>
  before.length === after.length && before.every((key, i) => key === after[i]) ? before : after;

const sameAddress = (a: Address | null, b: Address | null): boolean =>
  a === b || (a !== null && b !== null && a.host === b.host && a.port === b.port && a.family === b.family);

const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** The endpoint known by `key` (a socket id, or a 4-tuple once accepted), if any. */
export function findEndpoint(endpoints: readonly EndpointView[], key: string | null): EndpointView | undefined {
  if (key === null) return undefined;
  return endpoints.find((endpoint) => endpoint.key === key) ?? endpoints.find((e) => e.keys.includes(key));
}

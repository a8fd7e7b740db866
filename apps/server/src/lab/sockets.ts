import type { Lab, Observation } from '@socklab/kernel';
import { type ApiEvent, type ApiSnapshot, type ApiState, apiNext, apiStart, apiValue } from '@socklab/lifecycle';
import type { Address, EventBody, Role } from '@socklab/protocol';

type Emit = (body: EventBody) => void;

/** One socket of the lab as its program knows it: whose it is, its role, its C variable and its API machine. */
export type Tracked = {
  id: string;
  actor: string;
  role: Role;
  /** The C variable that holds its fd (`server_socket`), or null when the program names none (playground). */
  name: string | null;
};

/**
 * A followed socket's API machine, as the snapshot its events reached (pure
 * transitions: no actor per socket). A socket that may still listen
 * (listen(2) succeeds only on a socket neither connected nor accepted) also
 * keeps a listener machine's snapshot beside it, fed the same events, so that
 * becoming a listener needs no history: two machines at most per socket,
 * however many calls it has seen.
 */
type Entry = Tracked & { machine: ApiSnapshot; asListener: ApiSnapshot | null };

const sameEnd = (a: Address | null, b: Address | null) =>
  a !== null && b !== null && a.host === b.host && a.port === b.port;

type StateBody = Extract<EventBody, { type: 'socket.state' }>;

const sameAddress = (a: Address | null, b: Address | null) => a === b || (sameEnd(a, b) && a?.family === b?.family);

// What a socket.state says, compared field by field (no JSON made to tell).
const sameState = (a: StateBody, b: StateBody) =>
  a.fd === b.fd &&
  a.role === b.role &&
  a.name === b.name &&
  a.api === b.api &&
  a.tcp === b.tcp &&
  sameAddress(a.local, b.local) &&
  sameAddress(a.remote, b.remote) &&
  a.recvQ === b.recvQ &&
  a.sendQ === b.sendQ &&
  a.acceptQueue === b.acceptQueue &&
  a.backlog === b.backlog &&
  a.closed === b.closed &&
  a.actor === b.actor;

// Whether a socket can still become a listener after `event` (a connected socket cannot).
const mayListen = (event: ApiEvent) =>
  event.type !== 'syscall.exit' || !((event.syscall === 'connect' && event.ret === 0) || event.syscall === 'close');

/**
 * The lab's sockets as their programs know them, each with its API
 * machine (packages/lifecycle) fed one event per call, and what the kernel
 * last said about each. `observe()` asks the kernel about the sockets a call
 * involved and emits a `socket.state` for each whose view changed.
 *
 * @example
 * const sockets = new LabSockets(lab, emit);
 * sockets.track({ id: 'sock-1', actor: 'server', role: 'listener', name: 'server_socket' });
 * sockets.record('sock-1', { type: 'syscall.exit', syscall: 'bind', ret: 0, errno: null });
 * sockets.observe(['sock-1']);   // emits socket.state { api: 'bound', … }
 */
export class LabSockets {
  readonly #lab: Lab;
  readonly #emit: Emit;
  readonly #entries = new Map<string, Entry>();
  /** The last `socket.state` sent per socket, or 'closed'. */
  readonly #sent = new Map<string, StateBody | 'closed'>();
  /** The last view of each socket while its fd was open: a closed socket's last addresses still name its peer. */
  readonly #last = new Map<string, Observation>();

  constructor(lab: Lab, emit: Emit) {
    this.#lab = lab;
    this.#emit = emit;
  }

  /** Starts following a socket a call just created. */
  track(socket: Tracked): void {
    const asListener = socket.role === 'connection' || socket.role === 'listener' ? null : apiStart('listener');
    this.#entries.set(socket.id, { ...socket, machine: apiStart(socket.role), asListener });
  }

  /** The socket, if this lab follows it. */
  get(id: string): Tracked | undefined {
    return this.#entries.get(id);
  }

  /** Every socket followed, in creation order. */
  all(): Tracked[] {
    return [...this.#entries.values()];
  }

  /** Feeds one call's event to the socket's API machine (and to its listener machine while it may still listen). */
  record(id: string, event: ApiEvent): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    entry.machine = apiNext(entry.machine, event);
    if (entry.asListener) entry.asListener = mayListen(event) ? apiNext(entry.asListener, event) : null;
  }

  /**
   * Makes a socket a listener (a playground socket whose listen() succeeded,
   * before that call is recorded): its listener machine, fed every call so
   * far, takes over. Does nothing for a socket that can no longer listen.
   */
  becomeListener(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry || entry.role === 'listener' || !entry.asListener) return;
    entry.role = 'listener';
    entry.machine = entry.asListener;
    entry.asListener = null;
  }

  /** Machines kept for a socket: its own, and a listener machine while it may still listen (at most 2). */
  machines(id: string): number {
    const entry = this.#entries.get(id);
    return entry ? 1 + (entry.asListener ? 1 : 0) : 0;
  }

  /** The API state of a followed socket now; throws for a socket this lab does not follow. */
  apiState(id: string): ApiState {
    const entry = this.#entries.get(id);
    if (!entry) throw new TypeError(`not a followed socket: ${JSON.stringify(id)}`);
    return apiValue(entry.machine);
  }

  /** The lesson's listener: the first one still open (a restarted server's, once the first closed). */
  listener(): Tracked | undefined {
    return this.all().find((t) => t.role === 'listener' && !this.#lab.get(t.id).closed);
  }

  /** The last view of a socket while its fd was open. */
  last(id: string): Observation | undefined {
    return this.#last.get(id);
  }

  /**
   * Asks the kernel about the sockets a call involved: `involved` (the call's
   * own, the one it created, blocked calls' sockets), sockets never observed
   * and ones just closed, their peers in this lab and the listener on their
   * port. Emits a `socket.state` for the first of `involved` and for every
   * socket whose view changed; returns what was observed.
   */
  observe(involved: readonly string[], everything = false): Map<string, Observation> {
    const seen = new Map<string, Observation>();
    const first = [...involved];
    for (const id of this.#entries.keys()) {
      const sent = this.#sent.get(id);
      // A socket whose close() was already shown has nothing new: what a call costs stays what it touches.
      if (sent === 'closed') continue;
      if (everything || sent === undefined || this.#lab.get(id).closed) first.push(id);
    }
    for (const id of first) this.#observeOne(id, seen, involved[0]);
    const ends = first.flatMap((id) => {
      const o = this.#last.get(id);
      return o ? [o] : [];
    });
    const ports = new Set(ends.flatMap((o) => [o.local?.port, o.remote?.port]).filter((p) => p !== undefined && p > 0));
    for (const [id, entry] of this.#entries) {
      const o = this.#last.get(id);
      if (!o || seen.has(id) || this.#sent.get(id) === 'closed') continue;
      const peer = ends.some((e) => sameEnd(e.remote, o.local) || sameEnd(e.local, o.remote));
      const listener = entry.role === 'listener' && o.local !== null && ports.has(o.local.port);
      if (peer || listener) this.#observeOne(id, seen, involved[0]);
    }
    return seen;
  }

  #observeOne(id: string, seen: Map<string, Observation>, touched: string | undefined): void {
    const entry = this.#entries.get(id);
    if (!entry || seen.has(id)) return;
    const sock = this.#lab.get(id);
    if (sock.closed && this.#sent.get(id) === 'closed') return;
    const o = this.#lab.observe(id);
    seen.set(id, o);
    if (!sock.closed) this.#last.set(id, o);
    const body: StateBody = {
      type: 'socket.state',
      socket: id,
      actor: entry.actor,
      fd: o.fd,
      role: entry.role,
      name: entry.name,
      api: this.apiState(id),
      tcp: o.tcp,
      local: o.local,
      remote: o.remote,
      recvQ: o.recvQ,
      sendQ: o.sendQ,
      acceptQueue: o.acceptQueue,
      backlog: o.backlog,
      closed: sock.closed,
    };
    const before = this.#sent.get(id);
    const same = sock.closed
      ? before === 'closed'
      : before !== undefined && before !== 'closed' && sameState(before, body);
    if (same && id !== touched) return;
    this.#sent.set(id, sock.closed ? 'closed' : body);
    this.#emit(body);
  }
}

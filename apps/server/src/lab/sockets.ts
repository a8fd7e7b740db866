import type { Lab, Observation } from '@socklab/kernel';
import { type ApiEvent, machineForRole } from '@socklab/lifecycle';
import type { Address, EventBody, Role } from '@socklab/protocol';
import { type Actor, type AnyStateMachine, createActor } from 'xstate';

type Emit = (body: EventBody) => void;

/** One socket of the lab as its program knows it: whose it is, its role, its C variable and its API machine. */
export type Tracked = {
  id: string;
  actor: string;
  role: Role;
  /** The C variable that holds its fd (`server_socket`), or null when the program names none (playground). */
  name: string | null;
};

type Entry = Tracked & { machine: Actor<AnyStateMachine>; events: ApiEvent[] };

const sameEnd = (a: Address | null, b: Address | null) =>
  a !== null && b !== null && a.host === b.host && a.port === b.port;

function started(role: Role, events: readonly ApiEvent[]): Actor<AnyStateMachine> {
  const machine = createActor(machineForRole(role) as AnyStateMachine);
  // Observe errors so xstate does not rethrow them later.
  machine.subscribe({ error: () => undefined });
  machine.start();
  for (const event of events) machine.send(event);
  return machine;
}

/**
 * The lab's sockets as their programs know them, each with a live API
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
  /** The last `socket.state` sent per socket (its JSON, or 'closed'). */
  readonly #sent = new Map<string, string>();
  /** The last view of each socket while its fd was open: a closed socket's last addresses still name its peer. */
  readonly #last = new Map<string, Observation>();

  constructor(lab: Lab, emit: Emit) {
    this.#lab = lab;
    this.#emit = emit;
  }

  /** Starts following a socket a call just created. */
  track(socket: Tracked): void {
    this.#entries.set(socket.id, { ...socket, machine: started(socket.role, []), events: [] });
  }

  /** The socket, if this lab follows it. */
  get(id: string): Tracked | undefined {
    return this.#entries.get(id);
  }

  /** Every socket followed, in creation order. */
  all(): Tracked[] {
    return [...this.#entries.values()];
  }

  /** Feeds one call's event to the socket's API machine. */
  record(id: string, event: ApiEvent): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    entry.events.push(event);
    if (entry.machine.getSnapshot().status === 'active') entry.machine.send(event);
  }

  /** Gives a socket another role (a playground socket that listens); its machine is rebuilt from its calls once. */
  setRole(id: string, role: Role): void {
    const entry = this.#entries.get(id);
    if (!entry || entry.role === role) return;
    entry.machine.stop();
    entry.role = role;
    entry.machine = started(role, entry.events);
  }

  /** The API state of a socket now. */
  apiState(id: string): string {
    const value: unknown = this.#entries.get(id)?.machine.getSnapshot().value;
    return typeof value === 'string' ? value : JSON.stringify(value);
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
      if (everything || !this.#sent.has(id) || this.#lab.get(id).closed) first.push(id);
    }
    for (const id of first) this.#observeOne(id, seen, involved[0]);
    const ends = first.flatMap((id) => {
      const o = this.#last.get(id);
      return o ? [o] : [];
    });
    const ports = new Set(ends.flatMap((o) => [o.local?.port, o.remote?.port]).filter((p) => p !== undefined && p > 0));
    for (const [id, entry] of this.#entries) {
      const o = this.#last.get(id);
      if (!o || seen.has(id)) continue;
      const peer = ends.some((e) => sameEnd(e.remote, o.local) || sameEnd(e.local, o.remote));
      const listener = entry.role === 'listener' && o.local !== null && ports.has(o.local.port);
      if (peer || listener) this.#observeOne(id, seen, involved[0]);
    }
    return seen;
  }

  /** Stops every API machine. */
  dispose(): void {
    for (const entry of this.#entries.values()) entry.machine.stop();
  }

  #observeOne(id: string, seen: Map<string, Observation>, touched: string | undefined): void {
    const entry = this.#entries.get(id);
    if (!entry || seen.has(id)) return;
    const sock = this.#lab.get(id);
    if (sock.closed && this.#sent.get(id) === 'closed') return;
    const o = this.#lab.observe(id);
    seen.set(id, o);
    if (!sock.closed) this.#last.set(id, o);
    const body: EventBody = {
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
    const key = sock.closed ? 'closed' : JSON.stringify(body);
    if (key === this.#sent.get(id) && id !== touched) return;
    this.#sent.set(id, key);
    this.#emit(body);
  }
}

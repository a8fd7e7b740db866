import {
  type Address,
  compareKernelRows,
  type KernelRow,
  kernelRowKey,
  sameKernelRow,
  type TableChanges,
} from '@socklab/protocol';
import type { LabSocket, Observation } from '../lab.ts';
import type { DiagSocket } from './diagSocket.ts';
import type { SocketTable } from './socketTable.ts';

const key = (local: Address, remote: Address) => `${local.host}:${local.port}>${remote.host}:${remote.port}`;
const sameAddress = (a: Address | null, b: Address | null) =>
  a !== null && b !== null && a.host === b.host && a.port === b.port;

/**
 * The observer's rows by its own keys, with when each was read, what was
 * last reported of each (by `kernelRowKey`) and which changed since.
 */
class RowCache {
  readonly #rows = new Map<string, KernelRow>();
  readonly #readAt = new Map<string, number>();
  readonly #byKey = new Map<string, KernelRow>();
  readonly #reported = new Map<string, KernelRow>();
  readonly #dirty = new Set<string>();
  #timed = 0;

  /** Whether a row holds a running kernel timer. */
  get timing(): boolean {
    return this.#timed > 0;
  }

  get(k: string): KernelRow | undefined {
    return this.#rows.get(k);
  }

  set(k: string, row: KernelRow, readAt?: number): void {
    const old = this.#rows.get(k);
    if (old !== undefined) this.#forget(old);
    this.#rows.set(k, row);
    if (readAt !== undefined) this.#readAt.set(k, readAt);
    const key = kernelRowKey(row);
    const replaced = this.#byKey.get(key);
    if (replaced !== undefined && replaced.timer.kind !== 'off') this.#timed--;
    this.#byKey.set(key, row);
    if (row.timer.kind !== 'off') this.#timed++;
    this.#dirty.add(key);
  }

  delete(k: string): void {
    const old = this.#rows.get(k);
    if (old === undefined) return;
    this.#forget(old);
    this.#rows.delete(k);
    this.#readAt.delete(k);
  }

  // A row without known read time (never looked up by tuple) is due: it is asked at once.
  due(k: string, now: number): boolean {
    const row = this.#rows.get(k);
    if (row === undefined) return true;
    if (row.timer.kind === 'off') return false;
    return now >= (this.#readAt.get(k) ?? 0) + row.timer.expiresMs;
  }

  /** The rows with no peer on `local`, by the observer's key. */
  unconnectedAt(local: Address): [string, KernelRow][] {
    const found: [string, KernelRow][] = [];
    for (const entry of this.#rows)
      if (entry[1].remote === null && sameAddress(entry[1].local, local)) found.push(entry);
    return found;
  }

  current(): KernelRow[] {
    return [...this.#byKey.values()].sort(compareKernelRows);
  }

  changes(): TableChanges {
    const rows: KernelRow[] = [];
    const removed: string[] = [];
    for (const key of this.#dirty) {
      const now = this.#byKey.get(key);
      const was = this.#reported.get(key);
      if (now === undefined) {
        if (was !== undefined) removed.push(key);
        this.#reported.delete(key);
      } else if (was === undefined || !sameKernelRow(was, now)) {
        rows.push(now);
        this.#reported.set(key, now);
      }
    }
    this.#dirty.clear();
    return { rows, removed };
  }

  #forget(row: KernelRow): void {
    const key = kernelRowKey(row);
    if (this.#byKey.get(key) === row) {
      this.#byKey.delete(key);
      if (row.timer.kind !== 'off') this.#timed--;
    }
    this.#dirty.add(key);
  }
}

/**
 * The one family the lab's open sockets on `port` have, so a scan walks that
 * family's table only (half the dumps); both when they have two, or none.
 */
function familyOn(port: number, open: readonly { local: Address }[]): 'inet' | 'inet6' | undefined {
  const families = new Set(open.filter((s) => s.local.port === port).map((s) => s.local.family));
  return families.size === 1 ? [...families][0] : undefined;
}

/**
 * Builds the kernel's socket table for one lab, as `ss -tan` would list it,
 * with exact 4-tuple lookups rather than a scan of the whole table: each
 * connection this lab has seen is looked up in both directions (so a child
 * still in an accept queue, an orphan in FIN_WAIT_2, TIME_WAIT and another
 * program's end of a connection all show), listeners and bound sockets come
 * from TCP_INFO, and a port is scanned (a dump walks the kernel's whole
 * hash tables, however few rows match) only when asked (a bind to a port the
 * program named, which another socket may hold) or a listener holds
 * connections nobody has seen (an outside client while packet capture is
 * off). It keeps what it
 * last reported, so `changes()` says what a read changed (SPEC TABLE-1).
 *
 * @example
 * const observer = new TableObserver(table);
 * const rows = observer.rows(lab.sockets(), observations, { scan: [boundPort] });
 */
export class TableObserver {
  readonly #table: SocketTable;
  readonly #tuples = new Map<string, { local: Address; remote: Address }>();
  readonly #ports = new Set<number>();
  readonly #cache = new RowCache();
  readonly #owners = new Map<string, string>();
  readonly #closedSeen = new Set<string>();

  constructor(table: SocketTable) {
    this.#table = table;
  }

  /** Where the rows come from. */
  get source(): 'sock_diag' | 'proc' {
    return this.#table.source;
  }

  /** The inode of the socket with exactly these ends (0: no process holds it), or null if the kernel has none. */
  inodeOf(local: Address, remote: Address): number | null {
    return this.#table.lookup(local, remote)?.inode ?? null;
  }

  /** Every row the kernel's table holds on local `port` now (anyone's: this lab has none there yet). */
  holding(port: number): KernelRow[] {
    return this.#table.byPort(port).map((d) => ({ ...this.#row(d, null), owner: 'outside' }));
  }

  /** Remembers a connection seen elsewhere (a packet), to look up from now on. */
  note(a: Address, b: Address): void {
    this.#tuples.set(key(a, b), { local: a, remote: b });
    this.#tuples.set(key(b, a), { local: b, remote: a });
  }

  /**
   * The rows for the lab's sockets and every connection it has seen, given
   * the observations just made of (some of) its open sockets. With
   * `onlyObserved`, only the connections of the observed sockets (both ends),
   * connections never looked up before and rows whose kernel timer is due
   * (a TIME_WAIT ending, a SYN retransmitted) are asked again; the other
   * rows are the kernel's last answer.
   */
  rows(
    sockets: readonly Readonly<LabSocket>[],
    observed: ReadonlyMap<string, Observation>,
    options: { scan?: readonly number[]; onlyObserved?: boolean } = {},
  ): KernelRow[] {
    this.read(sockets, observed, options);
    return this.current();
  }

  /** The whole table as last read, in the table's one order (`compareKernelRows`). */
  current(): KernelRow[] {
    return this.#cache.current();
  }

  /** Whether a row holds a running kernel timer (TIME_WAIT, a retransmission): the table changes by itself. */
  get timing(): boolean {
    return this.#cache.timing;
  }

  /** What the reads since the last `changes()` changed in the table (and from now on, that is what was reported). */
  changes(): TableChanges {
    return this.#cache.changes();
  }

  /** `rows()` without sorting the whole table: what a read costs grows with what it asks, not with the table. */
  read(
    sockets: readonly Readonly<LabSocket>[],
    observed: ReadonlyMap<string, Observation>,
    options: { scan?: readonly number[]; onlyObserved?: boolean } = {},
  ): void {
    const rows = this.#cache;
    const owned = this.#owners;
    const scan = new Set(options.scan ?? []);
    // A socket just closed: its connection is asked about again (FIN_WAIT, TIME_WAIT…).
    const justClosed = new Set<string>();
    for (const sock of sockets) {
      if (!sock.closed || this.#closedSeen.has(sock.id)) continue;
      this.#closedSeen.add(sock.id);
      rows.delete(sock.id);
      for (const [k, id] of owned) {
        if (id !== sock.id) continue;
        owned.delete(k);
        const t = this.#tuples.get(k);
        justClosed.add(k);
        if (t) justClosed.add(key(t.remote, t.local));
      }
    }
    // Only the observed sockets are read: what a read costs grows with what the call touched.
    const open: { sock: Readonly<LabSocket>; o: Observation; local: Address }[] = [];
    for (const sock of sockets) {
      const o = observed.get(sock.id);
      if (o && !sock.closed && o.local && o.tcp !== null) open.push({ sock, o, local: o.local });
    }
    for (const { sock, o, local } of open) {
      this.#ports.add(local.port);
      if (o.remote) {
        this.note(local, o.remote);
        owned.set(key(local, o.remote), sock.id);
        rows.delete(sock.id);
      }
    }
    for (const { sock, o } of open) {
      // `ss` lists no socket that is in none of the kernel's tables (socket() without bind()).
      if (o.remote || !o.local || o.tcp === null || (o.local.port === 0 && o.tcp !== 'LISTEN')) {
        rows.delete(sock.id);
        continue;
      }
      // A listener or a socket with no peer: its own TCP_INFO says it all (and says so: the
      // row's source is tcp_info, with no timer, until a scan of its port finds it in the table).
      rows.set(`${sock.id}`, {
        source: 'tcp_info',
        state: o.tcp,
        // No peer yet: LISTEN, CLOSE (bound or fresh) or SYN_SENT (getpeername says ENOTCONN).
        linuxState: o.tcp === 'CLOSED' ? 'CLOSE' : o.tcp,
        local: o.local,
        remote: null,
        recvQ: o.acceptQueue ?? o.recvQ ?? 0,
        sendQ: o.backlog ?? o.sendQ ?? 0,
        timer: { kind: 'off', expiresMs: 0, retrans: 0 },
        inode: o.inode ?? 0,
        owner: 'lab',
        socket: sock.id,
      });
      if (o.tcp === 'LISTEN' && (o.acceptQueue ?? 0) > this.#waitingChildren(o.local.port, owned)) {
        scan.add(o.local.port);
      }
    }
    for (const port of scan) {
      for (const d of this.#table.byPort(port, familyOn(port, open))) {
        if (d.remote) this.note(d.local, d.remote);
        else {
          const unconnected = rows.unconnectedAt(d.local);
          if (unconnected.length === 0) rows.set(`scan:${d.local.host}:${d.local.port}`, this.#row(d, null));
          // Prefer the kernel table's word for our own unconnected sockets too (BOUND_INACTIVE etc.).
          for (const [k, r] of unconnected) rows.set(k, this.#row(d, r.socket));
        }
      }
    }
    const involved = new Set<string>(justClosed);
    for (const { o, local } of open) {
      if (o.remote) involved.add(key(local, o.remote)).add(key(o.remote, local));
    }
    const now = performance.now();
    for (const [k, tuple] of this.#tuples) {
      // A row with a running timer (TIME_WAIT, a retransmission) changes by itself: ask again once it is due.
      if (options.onlyObserved && !involved.has(k) && !rows.due(k, now)) continue;
      const d = this.#table.lookup(tuple.local, tuple.remote);
      if (!d) {
        this.#tuples.delete(k);
        rows.delete(k);
        continue;
      }
      rows.set(k, this.#row(d, owned.get(k) ?? null), now);
    }
  }

  // Connections on a listener's port that no open socket holds: its accept queue, as far as known.
  #waitingChildren(port: number, owned: ReadonlyMap<string, string>): number {
    let n = 0;
    for (const [k, t] of this.#tuples) if (t.local.port === port && !owned.has(k)) n++;
    return n;
  }

  #row(d: DiagSocket, socket: string | null): KernelRow {
    return {
      source: this.#table.source,
      state: d.state,
      linuxState: d.linuxState,
      local: d.local,
      remote: d.remote,
      recvQ: d.recvQ,
      sendQ: d.sendQ,
      timer: d.timer,
      inode: d.inode,
      owner: this.#ports.has(d.local.port) ? 'lab' : 'outside',
      socket,
    };
  }
}

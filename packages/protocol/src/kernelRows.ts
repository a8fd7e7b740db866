import type { Address } from './base.ts';
import type { EventOf, KernelRow } from './events.ts';

/** What changed in the kernel's table between two reads: rows added or changed (whole), and the keys of rows gone. */
export type TableChanges = { rows: KernelRow[]; removed: string[] };

/** A table event: the whole table, or what changed in it. */
export type TableEvent = EventOf<'kernel.table'> | EventOf<'kernel.changes'>;

const at = (a: Address) => `${a.host}:${a.port}`;

/**
 * The kernel's identity of a row, unique within one table: a connection's
 * 4-tuple (the kernel's TCP hash key), else the lab socket that holds it,
 * else its local address (an unconnected socket no lab fd holds).
 *
 * @example
 * kernelRowKey(row) // '127.0.0.1:4000>127.0.0.1:51234', '#sock-1' or '127.0.0.1:4000'
 */
export function kernelRowKey(row: KernelRow): string {
  if (row.remote !== null) return `${at(row.local)}>${at(row.remote)}`;
  return row.socket !== null ? `#${row.socket}` : at(row.local);
}

/** The table's one order, as `ss` sorts it: local port, then peer port, then key (so the order is total). */
export function compareKernelRows(a: KernelRow, b: KernelRow): number {
  const byPort = a.local.port - b.local.port || (a.remote?.port ?? 0) - (b.remote?.port ?? 0);
  if (byPort !== 0) return byPort;
  const ka = kernelRowKey(a);
  const kb = kernelRowKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

const sameAddress = (a: Address | null, b: Address | null) =>
  a === b || (a !== null && b !== null && a.host === b.host && a.port === b.port && a.family === b.family);

/** Whether two reads of a row say the same (so the later one is no change). */
export function sameKernelRow(a: KernelRow, b: KernelRow): boolean {
  return (
    a.source === b.source &&
    a.state === b.state &&
    a.linuxState === b.linuxState &&
    sameAddress(a.local, b.local) &&
    sameAddress(a.remote, b.remote) &&
    a.recvQ === b.recvQ &&
    a.sendQ === b.sendQ &&
    a.timer.kind === b.timer.kind &&
    a.timer.expiresMs === b.timer.expiresMs &&
    a.timer.retrans === b.timer.retrans &&
    a.inode === b.inode &&
    a.owner === b.owner &&
    a.socket === b.socket
  );
}

/**
 * What turns table `before` into table `after`: the rows of `after` that are
 * new or differ, and the keys of the rows of `before` that `after` lacks.
 *
 * @example
 * applyTableChanges(before, tableChanges(before, after)) // after, in the table's one order
 */
export function tableChanges(before: readonly KernelRow[], after: readonly KernelRow[]): TableChanges {
  const was = new Map<string, KernelRow>();
  for (const row of before) was.set(kernelRowKey(row), row);
  const rows: KernelRow[] = [];
  for (const row of after) {
    const key = kernelRowKey(row);
    const old = was.get(key);
    was.delete(key);
    if (old === undefined || !sameKernelRow(old, row)) rows.push(row);
  }
  return { rows, removed: [...was.keys()] };
}

/**
 * The table after `changes`: `before` without the removed keys, with each
 * changed row in place of the row of its key, in the table's one order.
 *
 * @example
 * const now = applyTableChanges(table.rows, { rows: changes.rows, removed: changes.removed });
 */
export function applyTableChanges(before: readonly KernelRow[], changes: TableChanges): KernelRow[] {
  const byKey = new Map<string, KernelRow>();
  for (const row of before) byKey.set(kernelRowKey(row), row);
  for (const key of changes.removed) byKey.delete(key);
  for (const row of changes.rows) byKey.set(kernelRowKey(row), row);
  return [...byKey.values()].sort(compareKernelRows);
}

/**
 * Folds a lab run's table events, in log order, into the whole table after
 * each: a `kernel.table` is the table; a `kernel.changes` applies to the one
 * before it (to none at all when the log starts after the last whole table).
 *
 * @example
 * const fold = new TableFold();
 * for (const e of events) if (e.type === 'kernel.table' || e.type === 'kernel.changes') fold.add(e);
 * fold.rows // the table as the kernel reported it last
 */
export class TableFold {
  #rows: KernelRow[] = [];

  /** The whole table after the latest event added. */
  get rows(): KernelRow[] {
    return this.#rows;
  }

  /** Adds one table event; returns the whole table after it. */
  add(event: TableEvent): KernelRow[] {
    this.#rows = event.type === 'kernel.table' ? event.rows : applyTableChanges(this.#rows, event);
    return this.#rows;
  }
}

/**
 * Every table a log's events show, whole, in order: one per `kernel.table` or
 * `kernel.changes`, as `kernel.table` events (same seq, t, source, callId).
 * A `lesson.start` or `session.hello` starts a new lab run's tables.
 *
 * @example
 * wholeTables(events).find((t) => t.callId === 3)?.rows // the table read after call 3
 */
export function wholeTables(events: Iterable<{ type: string }>): EventOf<'kernel.table'>[] {
  const tables: EventOf<'kernel.table'>[] = [];
  let fold = new TableFold();
  for (const event of events) {
    if (event.type === 'lesson.start' || event.type === 'session.hello') fold = new TableFold();
    if (event.type !== 'kernel.table' && event.type !== 'kernel.changes') continue;
    const e = event as TableEvent;
    tables.push({ seq: e.seq, t: e.t, type: 'kernel.table', source: e.source, callId: e.callId, rows: fold.add(e) });
  }
  return tables;
}

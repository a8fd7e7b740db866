import type { EventOf, KernelRow } from '@socklab/protocol';

/** What can change in a row between two reads of the table. */
export type RowChange = 'state' | 'recvQ' | 'sendQ' | 'holder';

/** One row of the kernel's socket table, with who holds it and what changed since the table before. */
export type KernelRowView = KernelRow & {
  /** The endpoint this row is (see `trackEndpoints`): stable from one table to the next. */
  endpoint: string;
  /** The fd of the lab socket that holds it, when one does. */
  fd: number | null;
  /** `fd`: a descriptor of the lab holds it; `nofd`: none (accept queue, orphan, TIME_WAIT); `outside`: another program's. */
  holder: 'fd' | 'nofd' | 'outside';
  /** `new`: not in the table before; `changed`: its state, queues or holder changed. */
  change: 'new' | 'changed' | null;
  changed: RowChange[];
};

/** The kernel's socket table (like `ss -tan`) as last read, compared with the read before. */
export type KernelTableView = {
  seq: number;
  source: 'sock_diag' | 'proc';
  callId: number | null;
  rows: KernelRowView[];
  /** Rows of the table before that this one no longer lists. */
  gone: KernelRowView[];
  /** There was no table before this one in the lesson: nothing to compare with. */
  first: boolean;
};

const holderOf = (row: KernelRow): KernelRowView['holder'] =>
  row.owner === 'outside' ? 'outside' : row.inode === 0 ? 'nofd' : 'fd';

function describe(
  rows: readonly KernelRow[],
  endpoints: readonly string[],
  fdOf: (socket: string) => number | null,
): KernelRowView[] {
  return rows.map((row, i) => {
    const holder = holderOf(row);
    return {
      ...row,
      endpoint: endpoints[i] ?? `row-${i}`,
      fd: holder === 'fd' && row.socket !== null ? fdOf(row.socket) : null,
      holder,
      change: null,
      changed: [],
    };
  });
}

/**
 * The latest table's rows, each marked new or changed against the table before
 * (`previous`), and the rows that disappeared from it.
 *
 * @example
 * const table = compareTables(latest, previous, { rows, previousRows }, fdOf);
 * table.rows.filter((r) => r.change !== null) // what the last call changed in the kernel
 */
export function compareTables(
  latest: EventOf<'kernel.table'>,
  previous: EventOf<'kernel.table'> | null,
  endpoints: { rows: readonly string[]; previousRows: readonly string[] },
  fdOf: (socket: string) => number | null,
): KernelTableView {
  const rows = describe(latest.rows, endpoints.rows, fdOf);
  const before = previous === null ? [] : describe(previous.rows, endpoints.previousRows, fdOf);
  const beforeByEndpoint = new Map<string, KernelRowView>();
  for (const old of before) if (!beforeByEndpoint.has(old.endpoint)) beforeByEndpoint.set(old.endpoint, old);
  const latestEndpoints = new Set(rows.map((r) => r.endpoint));
  for (const row of rows) {
    const old = beforeByEndpoint.get(row.endpoint);
    if (old === undefined) {
      row.change = 'new';
      continue;
    }
    if (old.state !== row.state || old.linuxState !== row.linuxState) row.changed.push('state');
    if (old.recvQ !== row.recvQ) row.changed.push('recvQ');
    if (old.sendQ !== row.sendQ) row.changed.push('sendQ');
    if (old.holder !== row.holder || old.fd !== row.fd) row.changed.push('holder');
    if (row.changed.length > 0) row.change = 'changed';
  }
  const gone = before.filter((old) => !latestEndpoints.has(old.endpoint));
  return { seq: latest.seq, source: latest.source, callId: latest.callId, rows, gone, first: previous === null };
}

import { applyTableChanges, type EventOf } from '@socklab/protocol';
import { addressKey, type EndpointEvent, EndpointTracker, type EndpointView } from './endpoints.ts';
import { compareTables, type KernelTableView } from './kernelTable.ts';

/** What the kernel reported: its tables, and every endpoint the events say where it is. */
export type TablesState = {
  tables: EventOf<'kernel.table'>[];
  /** Index in `tables` of the latest table read after a call (callId not null), -1 for none. */
  lastCallTable: number;
  endpoints: EndpointTracker;
  /** Addresses the kernel table attributed to another program. */
  outside: Set<string>;
  /** The latest comparison and what it was made of: a view derived again with nothing new reuses it. */
  compared: Compared | null;
};

type Compared = {
  latest: EventOf<'kernel.table'>;
  previous: EventOf<'kernel.table'> | null;
  rows: readonly string[];
  fdsKey: unknown;
  table: KernelTableView;
};

export const emptyTables = (): TablesState => ({
  tables: [],
  lastCallTable: -1,
  endpoints: new EndpointTracker(),
  outside: new Set(),
  compared: null,
});

/** A copy that folding on does not change. */
export const copyTables = (state: TablesState): TablesState => ({
  tables: [...state.tables],
  lastCallTable: state.lastCallTable,
  endpoints: state.endpoints.copy(),
  outside: new Set(state.outside),
  compared: null,
});

/**
 * The whole table a `kernel.changes` event makes of the one before it (SPEC
 * TABLE-1), as the `kernel.table` the server would have sent.
 */
function wholeTable(state: TablesState, changes: EventOf<'kernel.changes'>): EventOf<'kernel.table'> {
  const before = state.tables.at(-1)?.rows ?? [];
  const unchanged = changes.rows.length === 0 && changes.removed.length === 0;
  const { seq, t, source, callId } = changes;
  return {
    seq,
    t,
    type: 'kernel.table',
    source,
    callId,
    rows: unchanged ? before : applyTableChanges(before, changes),
  };
}

export function foldTables(state: TablesState, received: EndpointEvent | EventOf<'kernel.changes'>): void {
  const event = received.type === 'kernel.changes' ? wholeTable(state, received) : received;
  state.endpoints.add(event);
  if (event.type !== 'kernel.table') return;
  state.tables.push(event);
  if (event.callId !== null) state.lastCallTable = state.tables.length - 1;
  for (const row of event.rows) if (row.owner === 'outside') state.outside.add(addressKey(row.local));
}

type KernelOf = { endpoints: EndpointView[]; kernelTable: KernelTableView | null };

/**
 * The endpoints and the latest table compared with the one before the last call.
 * `fdsKey` changes whenever `fdOf` may answer differently (the sockets changed).
 */
export function kernelOf(
  state: TablesState,
  fdOf: (socket: string) => number | null,
  fdsKey: unknown = fdOf,
): KernelOf {
  const tracking = state.endpoints.tracking();
  const { tables } = state;
  const latest = tables.at(-1);
  if (latest === undefined) return { endpoints: tracking.endpoints, kernelTable: null };
  const rows = { rows: tracking.rowEndpoints, previousRows: tracking.previousRowEndpoints };
  // Changes are shown against the table from before the last call: the
  // server re-reads the table between calls while timers run (callId null),
  // and those readings only move the timers on.
  const lastCall = state.lastCallTable;
  const previous = lastCall > 0 ? (tables[lastCall - 1] ?? null) : lastCall < 0 ? (tables.at(-2) ?? null) : null;
  const known = state.compared;
  if (known?.latest === latest && known.previous === previous && known.rows === rows.rows && known.fdsKey === fdsKey) {
    return { endpoints: tracking.endpoints, kernelTable: known.table };
  }
  const table = compareTables(latest, previous, rows, fdOf);
  state.compared = { latest, previous, rows: rows.rows, fdsKey, table };
  return { endpoints: tracking.endpoints, kernelTable: table };
}

import { applyTableChanges, type EventOf } from '@socklab/protocol';
import { addressKey, type EndpointEvent, EndpointTracker, type EndpointView } from './endpoints.ts';
import { compareTables, type KernelTableView } from './kernelTable.ts';

type Table = EventOf<'kernel.table'>;

/**
 * What the kernel reported: the tables the view compares, and every endpoint the
 * events say where it is. Only the tables a comparison can still use are kept
 * (the latest, the one before it, the one before the latest call's), never every
 * table of the run: a long session costs no more memory per table than a short one.
 */
export type TablesState = {
  /** The latest table, whole (a `kernel.changes` folded into the one before); null before any. */
  latest: Table | null;
  /** The table before `latest`. */
  beforeLatest: Table | null;
  /** The table before the latest one read after a call (callId not null), while there is one. */
  beforeLastCall: Table | null;
  /** A table was read after a call. */
  afterCall: boolean;
  endpoints: EndpointTracker;
  /** Addresses the kernel table attributed to another program. */
  outside: Set<string>;
  /** The latest comparison and what it was made of: a view derived again with nothing new reuses it. */
  compared: Compared | null;
};

type Compared = {
  latest: Table;
  previous: Table | null;
  rows: readonly string[];
  fdsKey: unknown;
  table: KernelTableView;
};

export const emptyTables = (): TablesState => ({
  latest: null,
  beforeLatest: null,
  beforeLastCall: null,
  afterCall: false,
  endpoints: new EndpointTracker(),
  outside: new Set(),
  compared: null,
});

/** A copy that folding on does not change (tables are never changed once folded; the comparison is kept). */
export const copyTables = (state: TablesState): TablesState => ({
  ...state,
  endpoints: state.endpoints.copy(),
  outside: new Set(state.outside),
});

/**
 * The whole table a `kernel.changes` event makes of the one before it (SPEC
 * TABLE-1), as the `kernel.table` the server would have sent.
 */
function wholeTable(state: TablesState, changes: EventOf<'kernel.changes'>): Table {
  const before = state.latest?.rows ?? [];
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
  state.beforeLatest = state.latest;
  state.latest = event;
  if (event.callId !== null) {
    state.beforeLastCall = state.beforeLatest;
    state.afterCall = true;
  }
  for (const row of event.rows) if (row.owner === 'outside') state.outside.add(addressKey(row.local));
}

type KernelOf = { endpoints: EndpointView[]; kernelTable: KernelTableView | null };

/**
 * The endpoints and the latest table compared with the one before the last call.
 * `fdsKey` changes whenever `fdOf` may answer differently (a socket's fd is new).
 * The comparison is made again only when the table, the one it is compared
 * with, the endpoints of their rows or `fdsKey` changed.
 */
export function kernelOf(
  state: TablesState,
  fdOf: (socket: string) => number | null,
  fdsKey: unknown = fdOf,
): KernelOf {
  const tracking = state.endpoints.tracking();
  const { latest } = state;
  if (latest === null) return { endpoints: tracking.endpoints, kernelTable: null };
  const rows = { rows: tracking.rowEndpoints, previousRows: tracking.previousRowEndpoints };
  // Changes are shown against the table from before the last call: the
  // server re-reads the table between calls while timers run (callId null),
  // and those readings only move the timers on.
  const previous = state.afterCall ? state.beforeLastCall : state.beforeLatest;
  const known = state.compared;
  if (known?.latest === latest && known.previous === previous && known.rows === rows.rows && known.fdsKey === fdsKey) {
    return { endpoints: tracking.endpoints, kernelTable: known.table };
  }
  const table = compareTables(latest, previous, rows, fdOf);
  state.compared = { latest, previous, rows: rows.rows, fdsKey, table };
  return { endpoints: tracking.endpoints, kernelTable: table };
}

import type { EventOf } from '@socklab/protocol';
import { addressKey, type EndpointEvent, type EndpointView, trackEndpoints } from './endpoints.ts';
import { compareTables, type KernelTableView } from './kernelTable.ts';

/** What the kernel reported: its tables, and every event that says where an endpoint is. */
export type TablesState = {
  tables: EventOf<'kernel.table'>[];
  endpointEvents: EndpointEvent[];
  /** Addresses the kernel table attributed to another program. */
  outside: Set<string>;
};

export const emptyTables = (): TablesState => ({ tables: [], endpointEvents: [], outside: new Set() });

/** A copy that folding on does not change. */
export const copyTables = (state: TablesState): TablesState => ({
  tables: [...state.tables],
  endpointEvents: [...state.endpointEvents],
  outside: new Set(state.outside),
});

export function foldTables(state: TablesState, event: EndpointEvent): void {
  state.endpointEvents.push(event);
  if (event.type !== 'kernel.table') return;
  state.tables.push(event);
  for (const row of event.rows) if (row.owner === 'outside') state.outside.add(addressKey(row.local));
}

/** The endpoints and the latest table compared with the one before the last call. */
export function kernelOf(
  state: TablesState,
  fdOf: (socket: string) => number | null,
): { endpoints: EndpointView[]; kernelTable: KernelTableView | null } {
  const tracking = trackEndpoints(state.endpointEvents);
  const { tables } = state;
  const latest = tables.at(-1);
  if (latest === undefined) return { endpoints: tracking.endpoints, kernelTable: null };
  const rows = { rows: tracking.rowEndpoints, previousRows: tracking.previousRowEndpoints };
  // Changes are shown against the table from before the last call: the
  // server re-reads the table between calls while timers run (callId null),
  // and those readings only move the timers on.
  const lastCall = tables.findLastIndex((t) => t.callId !== null);
  const previous = lastCall > 0 ? (tables[lastCall - 1] ?? null) : lastCall < 0 ? (tables.at(-2) ?? null) : null;
  return { endpoints: tracking.endpoints, kernelTable: compareTables(latest, previous, rows, fdOf) };
}

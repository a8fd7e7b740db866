import type { Lab, Observation, TableObserver } from '@socklab/kernel';
import { type EventBody, type KernelRow, protocolLimits, type TableChanges } from '@socklab/protocol';

type Emit = (body: EventBody) => void;

/** How often the table is read again between calls while a row's timer runs. */
export const timerRefreshMs = 1000;

/**
 * Every how many table events the whole table is sent again (SPEC TABLE-1):
 * a viewer joining from the session's bounded log, which may have dropped
 * the run's first table, has a whole one within this many tables.
 */
export const wholeTableEvery = 100;

const chunk = <T>(items: readonly T[], at: number): T[] => items.slice(at, at + protocolLimits.maxTableRows);

/**
 * The kernel's socket table as a lab's calls change it: read after each call
 * for the connections the call involved, and, while a row holds a running
 * timer (TIME_WAIT, a SYN being retransmitted), read again every second
 * between calls, so the countdown and the row's end are the kernel's, not an
 * animation. The run's first read is sent whole (`kernel.table`), every
 * later one as what changed (`kernel.changes`), and the whole table again
 * every `wholeTableEvery` events; none carries more than the protocol's
 * rows (a longer table is sent in parts). Without a table every method is a
 * no-op.
 *
 * @example
 * const table = new KernelTableFeed(observer, lab, emit, () => runner.busy);
 * const rows = table.afterCall(callId, observed, [4000]); // rows() is the whole table now
 */
export class KernelTableFeed {
  readonly #table: TableObserver | null;
  readonly #lab: Lab;
  readonly #emit: Emit;
  readonly #busy: () => boolean;
  #tick: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;
  #sent = 0;

  constructor(table: TableObserver | null, lab: Lab, emit: Emit, busy: () => boolean) {
    this.#table = table;
    this.#lab = lab;
    this.#emit = emit;
    this.#busy = busy;
  }

  /** Whether the machine offers a socket table. */
  get on(): boolean {
    return this.#table !== null;
  }

  /**
   * Reads the table after call `callId` and emits it; `scan` names ports to
   * scan whole (a fresh bind). Returns the whole table, sorted only when asked.
   */
  afterCall(
    callId: number,
    observed: ReadonlyMap<string, Observation>,
    scan: readonly number[],
  ): (() => KernelRow[]) | null {
    const table = this.#table;
    if (!table) return null;
    table.read(this.#lab.socketsNow(), observed, { scan, onlyObserved: true });
    this.#send(table, callId);
    let rows: KernelRow[] | undefined;
    return () => {
      rows ??= table.current();
      return rows;
    };
  }

  /** Stops the timer refresh. */
  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#tick);
  }

  #send(table: TableObserver, callId: number | null): void {
    const changes = table.changes();
    const whole = this.#sent % wholeTableEvery === 0;
    if (whole) this.#emitWhole(table, callId);
    else if (changes.rows.length > 0 || changes.removed.length > 0 || callId !== null) {
      this.#emitChanges(table.source, callId, changes);
    }
    this.#schedule(table.timing);
  }

  #emitWhole(table: TableObserver, callId: number | null): void {
    const rows = table.current();
    this.#sent++;
    this.#emit({ type: 'kernel.table', source: table.source, callId, rows: chunk(rows, 0) });
    const rest = rows.slice(protocolLimits.maxTableRows);
    if (rest.length > 0) this.#emitChanges(table.source, callId, { rows: rest, removed: [] }, false);
  }

  // One event per part of at most maxTableRows rows and removed keys; one event when nothing changed.
  #emitChanges(source: 'sock_diag' | 'proc', callId: number | null, changes: TableChanges, count = true): void {
    if (count) this.#sent++;
    const parts = Math.max(
      1,
      Math.ceil(Math.max(changes.rows.length, changes.removed.length) / protocolLimits.maxTableRows),
    );
    for (let i = 0; i < parts; i++) {
      const at = i * protocolLimits.maxTableRows;
      this.#emit({
        type: 'kernel.changes',
        source,
        callId,
        rows: chunk(changes.rows, at),
        removed: chunk(changes.removed, at),
      });
    }
  }

  #schedule(timing: boolean): void {
    clearTimeout(this.#tick);
    const table = this.#table;
    if (!table || this.#disposed || !timing) return;
    this.#tick = setTimeout(() => {
      if (this.#disposed) return;
      if (this.#busy()) {
        this.#schedule(true);
        return;
      }
      table.read(this.#lab.socketsNow(), new Map());
      this.#send(table, null);
    }, timerRefreshMs);
    this.#tick.unref();
  }
}

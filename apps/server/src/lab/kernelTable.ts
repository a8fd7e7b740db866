import type { Lab, Observation, TableObserver } from '@socklab/kernel';
import type { EventBody, KernelRow } from '@socklab/protocol';

type Emit = (body: EventBody) => void;

/** How often the table is read again between calls while a row's timer runs. */
export const timerRefreshMs = 1000;

/**
 * The kernel's socket table as a lab's calls change it: read after each call
 * for the connections the call involved, and, while a row holds a running
 * timer (TIME_WAIT, a SYN being retransmitted), read again every second
 * between calls, so the countdown and the row's end are the kernel's, not an
 * animation. Without a table every method is a no-op.
 *
 * @example
 * const table = new KernelTableFeed(observer, lab, emit, () => runner.busy);
 * table.afterCall(callId, observed, { scan: [4000] });
 */
export class KernelTableFeed {
  readonly #table: TableObserver | null;
  readonly #lab: Lab;
  readonly #emit: Emit;
  readonly #busy: () => boolean;
  #tick: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;

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

  /** Reads and emits the table after call `callId`; `scan` names ports to scan whole (a fresh bind). */
  afterCall(callId: number, observed: ReadonlyMap<string, Observation>, scan: readonly number[]): KernelRow[] | null {
    const table = this.#table;
    if (!table) return null;
    const rows = table.rows(this.#lab.sockets(), observed, { scan, onlyObserved: true });
    this.#emit({ type: 'kernel.table', source: table.source, callId, rows });
    this.#schedule(rows);
    return rows;
  }

  /** Stops the timer refresh. */
  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#tick);
  }

  #schedule(rows: readonly KernelRow[]): void {
    clearTimeout(this.#tick);
    const table = this.#table;
    if (!table || this.#disposed || !rows.some((r) => r.timer.kind !== 'off')) return;
    this.#tick = setTimeout(() => {
      if (this.#disposed) return;
      if (this.#busy()) {
        this.#schedule(rows);
        return;
      }
      const fresh = table.rows(this.#lab.sockets(), new Map());
      this.#emit({ type: 'kernel.table', source: table.source, callId: null, rows: fresh });
      this.#schedule(fresh);
    }, timerRefreshMs);
    this.#tick.unref();
  }
}

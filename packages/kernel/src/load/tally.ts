import type { LoadResult, SyscallName } from '@socklab/protocol';
import type { CallResult } from '../calls.ts';

type Actor = LoadResult['actor'];

/**
 * Counts every call of a load run by its real result: how many of one
 * actor's one syscall returned what, or failed with which errno. Nothing is
 * counted that the kernel did not answer.
 *
 * @example
 * const tally = new CallTally();
 * tally.add('clients', 'connect', { ret: 0, errno: null, blocked: true, impl: '', durationMs: 0 });
 * tally.made;       // 1
 * tally.results();  // [{ actor: 'clients', syscall: 'connect', ret: 0, errno: null, blocked: 1, count: 1 }]
 */
export class CallTally {
  readonly #byKey = new Map<string, LoadResult>();
  #made = 0;

  /** Counts one call's result; `fd` is counted as `fd` for the calls that return a descriptor. */
  add(actor: Actor, syscall: SyscallName, result: CallResult): void {
    this.addCall(actor, syscall, result.ret, result.errno?.name ?? null, result.blocked);
  }

  /** Counts one call by its return value and errno name, without a result object (the load run's own calls). */
  addCall(actor: Actor, syscall: SyscallName, ret: number, errno: string | null, blocked: boolean): void {
    const shown = ret >= 0 && (syscall === 'socket' || syscall === 'accept') ? 'fd' : ret;
    const key = `${actor} ${syscall} ${shown} ${errno}`;
    let entry = this.#byKey.get(key);
    if (!entry) {
      entry = { actor, syscall, ret: shown, errno, blocked: 0, count: 0 };
      this.#byKey.set(key, entry);
    }
    entry.count++;
    if (blocked) entry.blocked++;
    this.#made++;
  }

  /** How many calls were counted. */
  get made(): number {
    return this.#made;
  }

  /** How many calls of `syscall` by `actor` returned `ret` (any errno). */
  count(actor: Actor, syscall: SyscallName, ret?: number | 'fd'): number {
    let n = 0;
    for (const r of this.#byKey.values()) {
      if (r.actor === actor && r.syscall === syscall && (ret === undefined || r.ret === ret)) n += r.count;
    }
    return n;
  }

  /** Every result, in the order first seen. */
  results(): LoadResult[] {
    return [...this.#byKey.values()].map((r) => ({ ...r }));
  }
}

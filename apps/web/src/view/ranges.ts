import type { SocklabEvent } from '@socklab/protocol';

/**
 * Where each fold range of a growing log starts (see `rangeStart`), read once:
 * the index of every `lesson.start` and `session.hello`, and of every hello.
 */
export type RangeIndex = {
  /**
   * `rangeStart(log, end)` without scanning back: where a view of `log[0..end)`
   * starts folding, and the session's hello (-1 for none). Reads the log up to
   * `end` the first time.
   */
  startOf: (log: readonly SocklabEvent[], end: number) => { from: number; hello: number };
  /** Forgets what was read (the log does not continue the one read). */
  reset: () => void;
};

/**
 * A `RangeIndex` that reads each event once, as the log grows (it must only grow; `reset` otherwise).
 *
 * @example
 * const ranges = createRangeIndex();
 * ranges.startOf(log, log.length) // the same as rangeStart(log, log.length)
 */
export function createRangeIndex(): RangeIndex {
  let starts: number[] = [];
  let hellos: number[] = [];
  let scanned = 0;
  // The last index in `list` below `end`, -1 for none.
  const before = (list: readonly number[], end: number): number => {
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (list[mid]! < end) low = mid + 1;
      else high = mid;
    }
    return low === 0 ? -1 : list[low - 1]!;
  };
  return {
    startOf: (log, end) => {
      for (; scanned < end; scanned++) {
        const type = log[scanned]!.type;
        if (type === 'lesson.start' || type === 'session.hello') starts.push(scanned);
        if (type === 'session.hello') hellos.push(scanned);
      }
      return { from: Math.max(0, before(starts, end)), hello: before(hellos, end) };
    },
    reset: () => {
      starts = [];
      hellos = [];
      scanned = 0;
    },
  };
}

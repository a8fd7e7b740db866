import type { SocklabEvent } from '@socklab/protocol';
import { advanceFold, copyFold, emptyFold, type LabFold } from './labFold.ts';
import { type LabView, viewOf } from './viewAt.ts';

/** A snapshot of the fold of the first `cursor` events. */
type Checkpoint = { cursor: number; fold: LabFold };

/** Seeks a growing log without folding it from the start: see `createCheckpoints`. */
export type ViewCheckpoints = {
  /**
   * Exactly `viewAt(log, cursor)`: at the head read so far, the view of the fold
   * that follows the log (only the new events are folded); elsewhere folded on
   * from the nearest checkpoint at or before `cursor`. A view of the head shares
   * its lists with the head: it is current until the next call.
   */
  viewAt: (log: readonly SocklabEvent[], cursor: number) => LabView;
  /** How many snapshots are kept. */
  readonly size: number;
};

/**
 * Keeps snapshots of the fold just after each `lesson.start` and, as the log is
 * first read, every `every` events, further apart as the log grows (one
 * sixteenth of the log, but never more than `maxSpacing` events): a snapshot
 * copies the whole fold, so taking one every `every` events would cost each
 * event a share that grows with the log. A seek folds at most
 * `max(every, min(cursor / 16, maxSpacing))` events: with the default 2,048 a
 * seek into a 100,000-event recording stays within a few frames. The log must only grow
 * (it may grow in place); a log that does not continue the one read so far (a
 * cleared session) starts the snapshots over.
 *
 * @example
 * const checkpoints = createCheckpoints();
 * checkpoints.viewAt(log, 120); // the same as viewAt(log, 120)
 */
export function createCheckpoints({
  every = 50,
  maxSpacing = 2048,
}: {
  every?: number;
  maxSpacing?: number;
} = {}): ViewCheckpoints {
  if (!Number.isInteger(every) || every < 1) throw new Error(`createCheckpoints: not a spacing: ${every}`);
  let checkpoints: Checkpoint[] = [];
  // The fold of the first `read` events, where the snapshots are taken.
  let head: LabFold = emptyFold();
  let read = 0;
  let lastRead: SocklabEvent | null = null;

  const reset = () => {
    checkpoints = [{ cursor: 0, fold: emptyFold() }];
    head = emptyFold();
    read = 0;
    lastRead = null;
  };
  reset();

  const readUpTo = (log: readonly SocklabEvent[], end: number) => {
    if (read > log.length || (read > 0 && log[read - 1] !== lastRead)) reset();
    for (; read < end; read++) {
      const event = log[read]!;
      head = advanceFold(head, event);
      lastRead = event;
      const since = read + 1 - checkpoints.at(-1)!.cursor;
      if (
        since >= Math.max(every, Math.min(maxSpacing, Math.floor((read + 1) / 16))) ||
        event.type === 'lesson.start'
      ) {
        checkpoints.push({ cursor: read + 1, fold: copyFold(head) });
      }
    }
  };

  // The latest checkpoint at or before `cursor` (the first is at 0).
  const nearest = (cursor: number): Checkpoint => {
    let low = 0;
    let high = checkpoints.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (checkpoints[mid]!.cursor <= cursor) low = mid;
      else high = mid - 1;
    }
    return checkpoints[low]!;
  };

  return {
    viewAt: (log, cursor) => {
      const end = Math.max(0, Math.min(cursor, log.length));
      readUpTo(log, end);
      if (end === read) return viewOf(head);
      const from = nearest(end);
      let fold = copyFold(from.fold);
      for (let i = from.cursor; i < end; i++) fold = advanceFold(fold, log[i]!);
      return viewOf(fold);
    },
    get size() {
      return checkpoints.length;
    },
  };
}

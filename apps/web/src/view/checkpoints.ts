import type { EventOf, SocklabEvent } from '@socklab/protocol';
import { advanceFold, copyFold, emptyFold, type LabFold, snapshotOf } from './labFold.ts';
import { createRangeIndex } from './ranges.ts';
import { foldSession } from './session.ts';
import { type LabView, viewOf } from './viewAt.ts';

/** A snapshot of the fold of the first `cursor` events. */
type Checkpoint = { cursor: number; fold: LabFold };

/** Seeks a growing log without folding it from the start: see `createCheckpoints`. */
export type ViewCheckpoints = {
  /**
   * Exactly `viewAt(log, cursor)`: at the head read so far, the view of the fold
   * that follows the log (only the new events are folded); elsewhere folded on
   * from the nearest checkpoint at or before `cursor`, or from where its range
   * starts (its `lesson.start`) when that is nearer. A view of the head shares
   * its lists with the head: it is current until the next call.
   */
  viewAt: (log: readonly SocklabEvent[], cursor: number) => LabView;
  /** How many snapshots are kept. */
  readonly size: number;
};

/**
 * Keeps snapshots of the fold just after each `lesson.start` and every `every`
 * events, further apart as the log grows (one sixteenth of the cursor, but
 * never more than `maxSpacing` events). A seek folds at most
 * `max(every, min(cursor / 16, maxSpacing))` events from a snapshot once the
 * part of the log it lands in was read. A snapshot (`snapshotOf`) copies no
 * list of the whole run: it reads the fold's calls, bytes, packets and wire
 * groups through loans (the fold only appends to them, and keeps for the
 * snapshot each call or group it replaces), so a snapshot of a long run costs
 * its sockets, endpoints and what changed since, and a seek copies the lists
 * once (`copyFold`); snapshots can be close (1,024 events: an event of a long
 * session, a kernel table of hundreds of rows, may cost a fold tens of
 * microseconds).
 *
 * Nothing is read before it is needed: a view counts from the latest
 * `lesson.start` at or before its cursor, so the first view of a long
 * recording folds only its latest run, and the part of the log before it is
 * read (and its snapshots taken) by the first seek that lands there, from the
 * nearest snapshot or range start before it. The log must only grow (it may
 * grow in place); a log that does not continue the one read so far (a cleared
 * session) starts the snapshots over.
 *
 * @example
 * const checkpoints = createCheckpoints();
 * checkpoints.viewAt(log, 120); // the same as viewAt(log, 120)
 */
export function createCheckpoints({
  every = 50,
  maxSpacing = 1024,
}: {
  every?: number;
  maxSpacing?: number;
} = {}): ViewCheckpoints {
  if (!Number.isInteger(every) || every < 1) throw new Error(`createCheckpoints: not a spacing: ${every}`);
  const ranges = createRangeIndex();
  // Sorted by cursor; the first is at 0.
  let checkpoints: Checkpoint[] = [];
  // The fold of the first `read` events: the head, which follows the log as it grows.
  let head: LabFold = emptyFold();
  let read = 0;
  // The log's latest event read, and the array it was read from, to tell a log that continues.
  let lastSeen: SocklabEvent | null = null;
  let seen = 0;

  const reset = () => {
    checkpoints = [{ cursor: 0, fold: emptyFold() }];
    head = emptyFold();
    read = 0;
    lastSeen = null;
    seen = 0;
    ranges.reset();
  };
  reset();

  const spacing = (cursor: number) => Math.max(every, Math.min(maxSpacing, Math.floor(cursor / 16)));

  // The index of the latest checkpoint at or before `cursor`.
  const nearest = (cursor: number): number => {
    let low = 0;
    let high = checkpoints.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (checkpoints[mid]!.cursor <= cursor) low = mid;
      else high = mid - 1;
    }
    return low;
  };

  /**
   * Folds `log[start..end)` into `fold` (the fold of the first `start` events, or
   * one that a `lesson.start` at `start` makes equal to it), snapshotting where
   * one is due since the checkpoint at index `at`; the new snapshots go in after it.
   */
  const foldOn = (log: readonly SocklabEvent[], fold: LabFold, start: number, end: number, at: number): LabFold => {
    const taken: Checkpoint[] = [];
    let last = checkpoints[at]!.cursor;
    for (let i = start; i < end; i++) {
      const event = log[i]!;
      fold = advanceFold(fold, event);
      if (i + 1 - last >= spacing(i + 1) || event.type === 'lesson.start') {
        taken.push({ cursor: i + 1, fold: snapshotOf(fold) });
        last = i + 1;
      }
    }
    if (taken.length > 0) checkpoints.splice(at + 1, 0, ...taken);
    return fold;
  };

  // A fold to go on from at `from`, the start of the range a cursor after it is in: empty but for the session's hello.
  const rangeFold = (log: readonly SocklabEvent[], hello: number, from: number): LabFold => {
    const fold = emptyFold();
    if (hello >= 0 && hello < from) foldSession(fold.session, log[hello] as EventOf<'session.hello'>);
    return fold;
  };

  return {
    viewAt: (log, cursor) => {
      if (seen > log.length || (seen > 0 && log[seen - 1] !== lastSeen)) reset();
      const end = Math.max(0, Math.min(cursor, log.length));
      if (end > seen) {
        seen = end;
        lastSeen = log[end - 1]!;
      }
      if (end === read) return viewOf(head);
      const { from, hello } = ranges.startOf(log, end);
      if (end > read) {
        // The head goes on; events before the range the cursor is in are left for a seek to read.
        if (from > read) {
          head = rangeFold(log, hello, from);
          read = from;
        }
        head = foldOn(log, head, read, end, nearest(read));
        read = end;
        return viewOf(head);
      }
      const at = nearest(end);
      const checkpoint = checkpoints[at]!;
      const start = Math.max(checkpoint.cursor, from);
      const fold = start === checkpoint.cursor ? copyFold(checkpoint.fold) : rangeFold(log, hello, from);
      return viewOf(foldOn(log, fold, start, end, at));
    },
    get size() {
      return checkpoints.length;
    },
  };
}

import type { SocklabEvent } from '@socklab/protocol';

/** What a mark on the timeline scrubber stands for. */
export const MarkKind = { call: 'call', step: 'step', error: 'error', packet: 'packet', note: 'note' } as const;
export type MarkKind = (typeof MarkKind)[keyof typeof MarkKind];

/** One event worth a mark on the scrubber, at the cursor just after it. */
export type Mark = {
  cursor: number;
  kind: MarkKind;
  seq: number;
  /** The lesson step's index, for a `step` mark. */
  step?: number;
};

/** Where the latest lesson's moments are in the log, for stepping back and forth through it. */
export type Moments = {
  /** The cursor just after the latest `lesson.start` (0 without one): the earliest moment of the lesson. */
  start: number;
  /** The cursor just after each `lesson.step` of the lesson, in the order they ran, with the step's index. */
  steps: { cursor: number; index: number }[];
  /** The cursor just after each `lesson.ready` and `lesson.end`: the server waited for the next step there. */
  ready: number[];
  marks: Mark[];
  /** `log.length`: the head. */
  head: number;
};

/**
 * The latest lesson's moments in `log`.
 *
 * @example
 * const moments = momentsOf(log);
 * momentOfStep(moments, 3) // the cursor once the lesson's third step ran and the server was ready
 */
export function momentsOf(log: readonly SocklabEvent[]): Moments {
  let start = 0;
  for (let i = log.length - 1; i >= 0; i--) {
    if (log[i]!.type === 'lesson.start') {
      start = i + 1;
      break;
    }
  }
  const moments: Moments = { start, steps: [], ready: [], marks: [], head: start };
  for (let i = start; i < log.length; i++) foldMoment(moments, log[i]!, i + 1);
  return moments;
}

/** Adds the event just before `cursor` to `moments` (a `lesson.start` starts them over). */
function foldMoment(moments: Moments, event: SocklabEvent, cursor: number): void {
  moments.head = cursor;
  switch (event.type) {
    case 'lesson.start':
      moments.start = cursor;
      moments.steps = [];
      moments.ready = [];
      moments.marks = [];
      break;
    case 'lesson.step':
      moments.steps.push({ cursor, index: event.index });
      moments.marks.push({ cursor, kind: 'step', seq: event.seq, step: event.index });
      break;
    case 'lesson.ready':
    case 'lesson.end':
      moments.ready.push(cursor);
      break;
    case 'syscall.enter':
      moments.marks.push({ cursor, kind: 'call', seq: event.seq });
      break;
    case 'packet':
      moments.marks.push({ cursor, kind: 'packet', seq: event.seq });
      break;
    case 'error':
      moments.marks.push({ cursor, kind: 'error', seq: event.seq });
      break;
    case 'marker':
      // A note added while looking back belongs where the user looked: the end of its step.
      moments.marks.push({
        cursor: event.at ? endOfStep(moments, event.at.step, cursor) : cursor,
        kind: 'note',
        seq: event.seq,
      });
      break;
    default:
      break;
  }
}

/**
 * The moment lesson step `index` (0-based) finished in `moments`: just after the
 * server was ready after its latest run, else its start; `otherwise` when it never ran.
 */
export function endOfStep(moments: Moments, index: number, otherwise: number): number {
  const started = moments.steps.findLast((s) => s.index === index)?.cursor;
  if (started === undefined) return otherwise;
  return moments.ready.find((cursor) => cursor > started) ?? started;
}

/** Follows a growing log: see `createMomentsReader`. */
export type MomentsReader = (log: readonly SocklabEvent[]) => Moments;

/**
 * `momentsOf`, reading only the events added since the last call while the log
 * grows (in place or as a longer copy); a log that does not continue the one
 * read starts over. The moments returned share their lists with the reader:
 * they are current until the next call.
 *
 * @example
 * const moments = createMomentsReader();
 * moments(log).steps // the same as momentsOf(log).steps
 */
export function createMomentsReader(): MomentsReader {
  let read = 0;
  let lastRead: SocklabEvent | null = null;
  let moments: Moments = { start: 0, steps: [], ready: [], marks: [], head: 0 };
  return (log) => {
    if (read > log.length || (read > 0 && log[read - 1] !== lastRead)) {
      moments = momentsOf(log);
    } else {
      for (let i = read; i < log.length; i++) foldMoment(moments, log[i]!, i + 1);
      moments.head = log.length;
    }
    read = log.length;
    lastRead = log.at(-1) ?? null;
    return { ...moments };
  };
}

/** How many of the lesson's steps ran in the first `cursor` events. */
export function stepsRunAt(moments: Moments, cursor: number): number {
  let low = 0;
  let high = moments.steps.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (moments.steps[mid]!.cursor <= cursor) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * The moment once `count` steps ran: just after the server was ready after the
 * `count`th step (before the first step for 0); the head when that step has not
 * finished yet or is the head's latest step.
 */
export function momentOfStep(moments: Moments, count: number): number {
  if (count >= stepsRunAt(moments, moments.head)) return moments.head;
  const ready = moments.ready.find((cursor) => stepsRunAt(moments, cursor) === count);
  if (ready !== undefined) return ready;
  return count === 0 ? moments.start : (moments.steps[count]?.cursor ?? moments.head) - 1;
}

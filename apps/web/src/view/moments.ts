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
  const steps: Moments['steps'] = [];
  const ready: number[] = [];
  const marks: Mark[] = [];
  for (let i = start; i < log.length; i++) {
    const event = log[i]!;
    const cursor = i + 1;
    switch (event.type) {
      case 'lesson.step':
        steps.push({ cursor, index: event.index });
        marks.push({ cursor, kind: 'step', seq: event.seq, step: event.index });
        break;
      case 'lesson.ready':
      case 'lesson.end':
        ready.push(cursor);
        break;
      case 'syscall.enter':
        marks.push({ cursor, kind: 'call', seq: event.seq });
        break;
      case 'packet':
        marks.push({ cursor, kind: 'packet', seq: event.seq });
        break;
      case 'error':
        marks.push({ cursor, kind: 'error', seq: event.seq });
        break;
      case 'marker':
        marks.push({ cursor, kind: 'note', seq: event.seq });
        break;
      default:
        break;
    }
  }
  return { start, steps, ready, marks, head: log.length };
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

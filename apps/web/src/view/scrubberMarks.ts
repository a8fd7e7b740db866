import type { Mark } from './moments.ts';

/**
 * The marks a scrubber of `width` distinguishable positions draws: every step
 * and note mark, and of the numerous ones (calls, packets, errors) the first of
 * each kind at each position. A replay of a long session has tens of thousands
 * of marks on a track a thousand pixels wide (a mark is 2 px); one pass, in order.
 *
 * @example
 * visibleMarks(moments.marks, moments.start, moments.head) // at most 500 calls, 500 packets, 500 errors, every step
 */
export function visibleMarks(marks: readonly Mark[], start: number, head: number, width = 500): Mark[] {
  const span = Math.max(1, head - start);
  const taken = new Map<string, Set<number>>();
  const shown: Mark[] = [];
  for (const mark of marks) {
    if (mark.kind !== 'step' && mark.kind !== 'note') {
      const position = Math.round(((mark.cursor - start) / span) * width);
      let positions = taken.get(mark.kind);
      if (positions === undefined) {
        positions = new Set();
        taken.set(mark.kind, positions);
      }
      if (positions.has(position)) continue;
      positions.add(position);
    }
    shown.push(mark);
  }
  return shown;
}

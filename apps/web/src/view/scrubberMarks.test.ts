import { describe, expect, it } from 'vitest';
import type { Mark } from './moments.ts';
import { visibleMarks } from './scrubberMarks.ts';

const mark = (cursor: number, kind: Mark['kind'], seq = cursor): Mark => ({ cursor, kind, seq });

describe('visibleMarks', () => {
  it('keeps one mark of a kind per position of a long track, and every step and note', () => {
    const marks: Mark[] = [];
    for (let i = 1; i <= 100_000; i++) marks.push(mark(i, i % 2 === 0 ? 'call' : 'packet'));
    marks.push(
      { cursor: 50, kind: 'step', seq: 200_001, step: 0 },
      { cursor: 51, kind: 'step', seq: 200_002, step: 1 },
    );
    marks.push(mark(52, 'note', 200_003));
    const shown = visibleMarks(marks, 0, 100_000, 1000);
    expect(shown.filter((m) => m.kind === 'call').length).toBeLessThanOrEqual(1001);
    expect(shown.filter((m) => m.kind === 'packet').length).toBeLessThanOrEqual(1001);
    expect(shown.filter((m) => m.kind === 'call').length).toBeGreaterThan(990);
    expect(shown.filter((m) => m.kind === 'step').map((m) => m.step)).toEqual([0, 1]);
    expect(shown.filter((m) => m.kind === 'note')).toHaveLength(1);
  });

  it('keeps every mark of a short lesson', () => {
    const marks = [mark(1, 'call'), mark(2, 'packet'), mark(3, 'call'), mark(4, 'error')];
    expect(visibleMarks(marks, 0, 4)).toEqual(marks);
  });
});

import { describe, expect, it } from 'vitest';
import type { Mark } from '../view/moments.ts';
import { tickPaths } from './scrubberTicks.ts';

const ticks = (d: string) => [...d.matchAll(/M([\d.]+) (\d+)V(\d+)/g)].map((m) => Number(m[1]));

describe('scrubber ticks', () => {
  it('draw one tick per mark where the marks are few, at its moment, in its kind', () => {
    const marks: Mark[] = [
      { cursor: 3, kind: 'step', seq: 2, step: 0 },
      { cursor: 4, kind: 'call', seq: 3 },
      { cursor: 7, kind: 'packet', seq: 6 },
      { cursor: 9, kind: 'error', seq: 8 },
    ];
    const paths = tickPaths(marks, 2, 10);
    expect(ticks(paths.step)).toEqual([1]);
    expect(ticks(paths.call)).toEqual([2]);
    expect(ticks(paths.packet)).toEqual([5]);
    expect(ticks(paths.error)).toEqual([7]);
    expect(paths.note).toBe('');
    // An error's tick is longer than a call's; a step's stands above the track.
    expect(paths.error).toContain('V18');
    expect(paths.step).toBe('M1.00 0V7');
  });

  it('draw a 100,000-event run with at most 2,000 ticks a kind', () => {
    const marks: Mark[] = Array.from({ length: 60_000 }, (_, i) => ({ cursor: i + 1, kind: 'call', seq: i }));
    const paths = tickPaths(marks, 0, 100_000);
    const xs = ticks(paths.call);
    expect(xs.length).toBeLessThanOrEqual(2001);
    expect(xs.length).toBeGreaterThan(1000);
    expect(Math.max(...xs)).toBeCloseTo(60_000, -2);
  });

  it('draw nothing before the lesson has a moment', () => {
    expect(tickPaths([], 5, 0)).toEqual({ call: '', step: '', error: '', packet: '', note: '' });
  });
});

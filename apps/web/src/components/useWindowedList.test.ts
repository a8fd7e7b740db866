import { describe, expect, it } from 'vitest';
import { rowsInSight } from './useWindowedList.ts';

const fifty = () => 50;

describe('rowsInSight', () => {
  it('keeps the DOM flat: a long list pinned to its end renders only the rows near the end', () => {
    for (const count of [1_000, 100_000]) {
      const w = rowsInSight({ count, heightOf: fifty, top: 0, height: 500, pinned: true, overscan: 100 });
      expect(w.end).toBe(count);
      expect(w.end - w.first).toBe(12);
      expect(w.before).toBe(w.first * 50);
      expect(w.after).toBe(0);
    }
  });

  it('renders the rows in sight where the list was scrolled, with room for the others above and below', () => {
    const w = rowsInSight({ count: 1_000, heightOf: fifty, top: 10_000, height: 500, pinned: false, overscan: 100 });
    expect(w.first).toBe(198);
    expect(w.end).toBe(212);
    expect(w.before + (w.end - w.first) * 50 + w.after).toBe(50_000);
  });

  it('uses each row’s own height', () => {
    const heightOf = (i: number) => (i % 2 === 0 ? 20 : 80);
    const w = rowsInSight({ count: 100, heightOf, top: 1_000, height: 100, pinned: false, overscan: 0 });
    // Rows 0..19 take 1,000 px: row 20 is the first in sight.
    expect(w.first).toBe(20);
    expect(w.before).toBe(1_000);
  });
});

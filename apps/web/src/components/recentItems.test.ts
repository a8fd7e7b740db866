import { describe, expect, it } from 'vitest';
import { recentItems } from './recentItems.ts';

type Item = { id: number; closed: boolean };
const items = (closed: boolean[]): Item[] => closed.map((c, id) => ({ id, closed: c }));
const ids = (r: { shown: Item[] }) => r.shown.map((i) => i.id);

describe('recentItems', () => {
  it('keeps every live item and the newest closed ones, in order, and counts the folded', () => {
    const list = items([true, false, true, true, false, true]);
    const r = recentItems(
      list,
      (i) => !i.closed,
      () => false,
      2,
    );
    expect(ids(r)).toEqual([1, 3, 4, 5]);
    expect(r.folded).toBe(2);
  });

  it('never folds a pinned item, and folds nothing when asked for all', () => {
    const list = items([true, true, true, true]);
    const pinned = recentItems(
      list,
      () => false,
      (i) => i.id === 0,
      1,
    );
    expect(ids(pinned)).toEqual([0, 3]);
    expect(pinned.folded).toBe(2);
    const all = recentItems(
      list,
      () => false,
      () => false,
      1,
      true,
    );
    expect(ids(all)).toEqual([0, 1, 2, 3]);
    expect(all.folded).toBe(0);
  });

  it('a list shorter than keep is drawn whole', () => {
    const r = recentItems(
      items([true, true]),
      () => false,
      () => false,
      5,
    );
    expect(r.folded).toBe(0);
    expect(r.shown).toHaveLength(2);
  });
});

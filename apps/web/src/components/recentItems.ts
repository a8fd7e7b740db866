/** Which items of a list that grows with the session are drawn, and how many older ones are folded away. */
export type RecentItems<T> = { shown: T[]; folded: number };

/**
 * Keeps a list that grows with the session (a playground's sockets, the
 * diagram's endpoints) flat on screen: every item still `live` and every
 * `pinned` one (the selected socket), the newest `keep` of the rest, in their
 * order; the older ones are folded, counted in `folded`. With `all` nothing is folded.
 *
 * @example
 * recentItems([c1, c2, c3, open], (s) => !s.closed, () => false, 2).folded // 1
 */
export function recentItems<T>(
  items: readonly T[],
  live: (item: T) => boolean,
  pinned: (item: T) => boolean,
  keep: number,
  all = false,
): RecentItems<T> {
  if (all) return { shown: [...items], folded: 0 };
  const shown: T[] = [];
  let kept = 0;
  let folded = 0;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    if (live(item) || pinned(item)) shown.push(item);
    else if (kept < keep) {
      kept++;
      shown.push(item);
    } else folded++;
  }
  return { shown: shown.reverse(), folded };
}

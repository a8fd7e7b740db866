import { useState } from 'react';

/** How many more items of a long list each "show earlier" adds, and how many it shows at first. */
export const TAIL_STEP = 100;

/**
 * The part of a long list (calls, wire groups) that is rendered: its latest
 * `TAIL_STEP` items at first, `TAIL_STEP` more each time `more` is called, and
 * always from `keep` on (an item that must be in view, -1 for none). A replay
 * of a long session has thousands: rendering them all delays its first view by seconds.
 *
 * @example
 * const { start, more } = useTail(calls.length);
 * calls.slice(start) // what is rendered; `start` items are behind a button calling `more`
 */
export function useTail(count: number, keep = -1): { start: number; more: () => void } {
  const [shown, setShown] = useState(TAIL_STEP);
  let start = Math.max(0, count - shown);
  if (keep >= 0 && keep < start) start = keep;
  return { start, more: () => setShown((n) => n + TAIL_STEP) };
}

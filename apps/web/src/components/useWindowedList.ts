import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';

/** The rows of a long list to render, and the room the others would take above and below them. */
export type ListWindow = {
  /** Index of the first row to render. */
  first: number;
  /** One past the last row to render. */
  end: number;
  /** Pixels the rows before `first` would take (a spacer's height). */
  before: number;
  /** Pixels the rows from `end` on would take. */
  after: number;
  /** Pass to each rendered row's `ref`, with the row's index: its real height replaces the estimate (none while every row is rendered). */
  measure: (index: number) => RowRef | undefined;
};

type Options = {
  /** A row's height before it was ever rendered, in pixels. */
  estimate: (index: number) => number;
  /** Up to this many rows, every row is rendered (and nothing is measured). */
  threshold?: number;
  /** Pixels rendered beyond the visible part, above and below. */
  overscan?: number;
};

type RowRef = (element: HTMLElement | null) => () => void;

const noMeasure = () => undefined;
const bottomSlack = 8;

/**
 * Windows a long list in the scrolling `scroller`: only the rows in sight (and
 * `overscan` pixels around them) are in the DOM, so its size stays flat however
 * long the list grows. Rows keep the index they have (the list only grows at its
 * end); their heights are measured as they render (ResizeObserver: read after
 * layout, never forcing one). While the list is scrolled to its end it stays
 * there, showing the newest rows as they come.
 *
 * @example
 * const w = useWindowedList(scroller, calls.length, { estimate: () => 56 });
 * calls.slice(w.first, w.end).map((call, i) => <Row ref={w.measure(w.first + i)} … />)
 */
export function useWindowedList(
  scroller: RefObject<HTMLElement | null>,
  count: number,
  { estimate, threshold = 150, overscan = 800 }: Options,
): ListWindow {
  const windowed = count > threshold;
  const heights = useRef<number[]>([]);
  const [view, setView] = useState({ top: 0, height: 0, pinned: true, measured: 0 });
  const observer = useRef<ResizeObserver | null>(null);
  const elements = useRef(new Map<Element, number>());

  // Scrolling and resizing move the window, once per frame at most.
  useEffect(() => {
    const box = scroller.current;
    if (box === null || !windowed) return;
    let frame: number | null = null;
    const read = () => {
      frame = null;
      const pinned = box.scrollTop + box.clientHeight >= box.scrollHeight - bottomSlack;
      setView((v) =>
        v.top === box.scrollTop && v.height === box.clientHeight && v.pinned === pinned
          ? v
          : { ...v, top: box.scrollTop, height: box.clientHeight, pinned },
      );
    };
    const onScroll = () => {
      frame ??= requestAnimationFrame(read);
    };
    const resize = new ResizeObserver(onScroll);
    resize.observe(box);
    box.addEventListener('scroll', onScroll, { passive: true });
    onScroll();
    return () => {
      box.removeEventListener('scroll', onScroll);
      resize.disconnect();
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [scroller, windowed]);

  // Rows are measured as they are laid out; made on the first row's ref (refs attach before effects run).
  const rowsObserver = useCallback(() => {
    observer.current ??= new ResizeObserver((entries) => {
      let changed = 0;
      for (const entry of entries) {
        const index = elements.current.get(entry.target);
        const height = entry.borderBoxSize[0]?.blockSize ?? (entry.target as HTMLElement).offsetHeight;
        if (index === undefined || height === 0 || heights.current[index] === height) continue;
        heights.current[index] = height;
        changed++;
      }
      if (changed > 0) setView((v) => ({ ...v, measured: v.measured + 1 }));
    });
    return observer.current;
  }, []);
  useEffect(
    () => () => {
      observer.current?.disconnect();
      observer.current = null;
      elements.current.clear();
    },
    [],
  );

  // One ref callback per index, the same on every render (a memoized row keeps its props).
  const refs = useRef(new Map<number, RowRef>());
  const measure = useCallback(
    (index: number) => {
      let ref = refs.current.get(index);
      if (ref === undefined) {
        ref = (element: HTMLElement | null) => {
          if (element !== null) {
            elements.current.set(element, index);
            rowsObserver().observe(element);
          }
          return () => {
            if (element === null) return;
            elements.current.delete(element);
            observer.current?.unobserve(element);
          };
        };
        refs.current.set(index, ref);
      }
      return ref;
    },
    [rowsObserver],
  );

  if (!windowed) return { first: 0, end: count, before: 0, after: 0, measure: noMeasure };
  if (heights.current.length > count) heights.current.length = count;
  const { first, end, before, after } = rowsInSight({
    count,
    heightOf: (i) => heights.current[i] ?? estimate(i),
    top: view.top,
    // Before the first measure of the box, a tall screen's worth.
    height: view.height > 0 ? view.height : 900,
    pinned: view.pinned,
    overscan,
  });
  // Refs of rows out of the window are dropped (a row that leaves still runs its cleanup): the map stays small.
  if (refs.current.size > 2 * (end - first) + 64) {
    for (const index of refs.current.keys()) if (index < first || index >= end) refs.current.delete(index);
  }
  return { first, end, before, after, measure };
}

/**
 * Which of `count` rows are within `overscan` pixels of the part of the list in
 * sight (`height` pixels from `top`; from the end when `pinned`), and the room
 * the rows before and after them take.
 *
 * @example
 * rowsInSight({ count: 1000, heightOf: () => 50, top: 0, height: 500, pinned: true, overscan: 100 })
 * // { first: 988, end: 1000, before: 49400, after: 0 }: 12 rows of 1,000
 */
export function rowsInSight({
  count,
  heightOf,
  top,
  height,
  pinned,
  overscan,
}: {
  count: number;
  heightOf: (index: number) => number;
  top: number;
  height: number;
  pinned: boolean;
  overscan: number;
}): Omit<ListWindow, 'measure'> {
  let total = 0;
  for (let i = 0; i < count; i++) total += heightOf(i);
  // Scrolled to the end (or never scrolled): the newest rows, whatever the last scroll position said.
  const from = (pinned ? Math.max(0, total - height) : top) - overscan;
  const to = (pinned ? total : top + height) + overscan;
  let first = 0;
  let offset = 0;
  while (first < count && offset + heightOf(first) <= from) offset += heightOf(first++);
  const before = offset;
  let end = first;
  while (end < count && offset < to) offset += heightOf(end++);
  return { first, end, before, after: total - offset };
}

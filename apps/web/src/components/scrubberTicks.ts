import { type Mark, MarkKind } from '../view/moments.ts';

// Where each kind's tick runs, in px down the marks' box (which starts `ticksTop` above the track's marks row).
export const ticksTop = 9;
const tickSpan: Record<MarkKind, [number, number]> = {
  step: [0, 7],
  call: [9, 14],
  packet: [9, 14],
  error: [9, 18],
  note: [3, 14],
};
// Ticks closer than this share one (1/width of the track at 2,000 px): a long run draws at most this many per kind.
const columnsPerTrack = 2000;

/**
 * One SVG path per kind of mark: a vertical tick (`ticksTop` px above the marks
 * row, down) per column of the track that holds a mark of that kind, x in events
 * since `start` (the SVG's viewBox spans `span` events). A long run's thousands of
 * marks are five elements, each at most `columnsPerTrack` ticks.
 *
 * @example
 * tickPaths([{ cursor: 5, kind: 'call', seq: 4 }], 0, 10).call // 'M5.00 9V14'
 */
export function tickPaths(marks: readonly Mark[], start: number, span: number): Record<MarkKind, string> {
  const columns: Record<MarkKind, Set<number>> = {
    call: new Set(),
    step: new Set(),
    error: new Set(),
    packet: new Set(),
    note: new Set(),
  };
  const paths = { call: '', step: '', error: '', packet: '', note: '' };
  if (span <= 0) return paths;
  const width = span / columnsPerTrack;
  for (const mark of marks) columns[mark.kind].add(Math.round((mark.cursor - start) / width));
  for (const kind of Object.values(MarkKind)) {
    const [top, bottom] = tickSpan[kind];
    let d = '';
    for (const column of columns[kind]) d += `M${(column * width).toFixed(2)} ${top}V${bottom}`;
    paths[kind] = d;
  }
  return paths;
}

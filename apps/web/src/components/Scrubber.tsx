import { type CSSProperties, memo, useMemo } from 'react';
import { useStrings } from '../i18n/useStrings.ts';
import { useLab, useLabStore, useMoments } from '../store/useLab.ts';
import { type Mark, MarkKind } from '../view/moments.ts';

// Where each kind's tick runs, in px down the marks' box (which starts `ticksTop` above the track's marks row).
const ticksTop = 9;
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
 * One SVG path per kind of mark (a vertical tick per column of the track that
 * holds one), in event units across: a long run's thousands of marks are a few
 * elements, and the marks move with the head by the SVG's viewBox alone.
 */
function tickPaths(marks: readonly Mark[], start: number, span: number): Record<MarkKind, string> {
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

/**
 * The lesson's moments as a range input (its own keys: ← → one event, Home End,
 * Page Up/Down), with a tick for every call, lesson step, packet and error,
 * drawn as one SVG path per kind.
 */
export const Scrubber = memo(function Scrubber({ where }: { where: string }) {
  const t = useStrings();
  const store = useLabStore();
  const cursor = useLab((s) => s.cursor);
  const moments = useMoments();
  const { start, head, marks } = moments;
  const span = head - start;
  // The reader's marks grow in place: their count (and the span they cover) is what changes.
  const paths = useMemo(() => tickPaths(marks, start, span), [marks, marks.length, start, span]);
  if (head <= start) return null;
  const value = Math.max(start, Math.min(cursor, head));
  const at = (position: number): CSSProperties => ({ left: `${((position - start) / span) * 100}%` });
  return (
    <div className="scrubber" data-testid="scrubber">
      <div className="scrubber-track">
        <input
          type="range"
          className="scrubber-input"
          data-testid="scrubber-input"
          min={start}
          max={head}
          step={1}
          value={value}
          aria-label={t('travel.scrubber')}
          aria-valuetext={t('travel.scrubberValue', { at: value - start, total: span, where })}
          onChange={(e) => store.getState().setCursor(Number(e.currentTarget.value))}
        />
        <div className="scrubber-marks" aria-hidden="true" data-marks={marks.length}>
          <svg
            className="scrubber-ticks"
            aria-hidden="true"
            viewBox={`0 0 ${span} ${ticksTop + 11}`}
            preserveAspectRatio="none"
            style={{ top: -ticksTop, height: ticksTop + 11 }}
          >
            {Object.values(MarkKind).map((kind) =>
              paths[kind] === '' ? null : (
                <path key={kind} className={`ticks ticks-${kind}`} d={paths[kind]} vectorEffect="non-scaling-stroke" />
              ),
            )}
          </svg>
          {marks.map((mark) =>
            mark.step === undefined ? null : (
              <span key={mark.seq} className="mark-label" style={at(mark.cursor)}>
                {mark.step + 1}
              </span>
            ),
          )}
        </div>
      </div>
      <ul className="scrubber-legend" aria-hidden="true">
        {Object.values(MarkKind).map((kind) => (
          <li key={kind} className={`legend-${kind}`}>
            {t(`travel.marks.${kind}`)}
          </li>
        ))}
      </ul>
    </div>
  );
});

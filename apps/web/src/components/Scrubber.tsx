import { type CSSProperties, memo, useMemo } from 'react';
import { useStrings } from '../i18n/useStrings.ts';
import { useLab, useLabStore, useMoments } from '../store/useLab.ts';
import { MarkKind } from '../view/moments.ts';
import { tickPaths, ticksTop } from './scrubberTicks.ts';

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

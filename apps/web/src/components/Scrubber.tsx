import { type CSSProperties, useMemo } from 'react';
import { useStrings } from '../i18n/useStrings.ts';
import { useLab, useLabStore, useMoments } from '../store/useLab.ts';
import { MarkKind } from '../view/moments.ts';
import { visibleMarks } from '../view/scrubberMarks.ts';

/**
 * The lesson's moments as a range input (its own keys: ← → one event, Home End,
 * Page Up/Down), with a tick for every call, lesson step, packet and error
 * (of the calls, packets and errors, one per position the track can show).
 */
export function Scrubber({ where }: { where: string }) {
  const t = useStrings();
  const store = useLabStore();
  const cursor = useLab((s) => s.cursor);
  const moments = useMoments();
  const { start, head, marks } = moments;
  // The marks grow in place with the log: their count is what changes.
  const shown = useMemo(() => visibleMarks(marks, start, head), [marks, marks.length, start, head]);
  if (head <= start) return null;
  const value = Math.max(start, Math.min(cursor, head));
  const span = head - start;
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
        <div className="scrubber-marks" aria-hidden="true">
          {shown.map((mark) => (
            <span key={mark.seq} className={`mark mark-${mark.kind}`} style={at(mark.cursor)}>
              {mark.step !== undefined && <span className="mark-label">{mark.step + 1}</span>}
            </span>
          ))}
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
}

import type { Lesson } from '@socklab/lessons';
import { memo, useCallback, useEffect, useState } from 'react';
import { useStrings } from '../i18n/useStrings.ts';
import { useLab } from '../store/useLab.ts';
import { EditIcon } from './icons.tsx';
import { useEscape } from './useEscape.ts';

type Props = {
  lesson: Lesson | null | undefined;
  /** The run shown (its `lesson.start` seq): a new run (Reset, another lesson) closes the panel. */
  run: number | undefined;
};

/**
 * The seed tutorial's lines (struck) beside their corrections, and why: for lessons built on the seed.
 * It lies over the code and the diagram, so Esc, Play and a new run close it.
 */
export const Corrections = memo(function Corrections({ lesson, run }: Props) {
  const t = useStrings();
  const lang = useLab((s) => s.lang);
  const playing = useLab((s) => s.playing);
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  const corrections = lesson?.corrections ?? [];

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new run or Play is what closes the panel
  useEffect(() => setOpen(false), [run, playing]);
  useEscape(open, close);

  if (corrections.length === 0) return null;
  return (
    <details
      className="corrections"
      data-testid="corrections"
      data-count={corrections.length}
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary>
        <EditIcon /> {t('pg.corrections.title', { n: corrections.length })}
      </summary>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must take the focus to scroll by keyboard */}
      <div className="corrections-body" tabIndex={0}>
        <ol className="corrections-list">
          {corrections.map((c) => (
            <li key={`${c.seed}-${c.corrected}`} className="correction" data-testid="correction">
              <div className="correction-seed">
                <span className="correction-tag">{t('pg.corrections.seed')}</span>
                <del>
                  <code>{c.seed}</code>
                </del>
              </div>
              <div className="correction-fixed">
                <span className="correction-tag">{t('pg.corrections.corrected')}</span>
                <ins>
                  <code>{c.corrected}</code>
                </ins>
              </div>
              <p className="correction-why">{c.why[lang]}</p>
            </li>
          ))}
        </ol>
      </div>
    </details>
  );
});

import type { Lesson } from '@socklab/lessons';
import { useStrings } from '../i18n/useStrings.ts';
import { useLab } from '../store/useLab.ts';
import { EditIcon } from './icons.tsx';

/** The seed tutorial's lines (struck) beside their corrections, and why: for lessons built on the seed. */
export function Corrections({ lesson }: { lesson: Lesson | null | undefined }) {
  const t = useStrings();
  const lang = useLab((s) => s.lang);
  const corrections = lesson?.corrections ?? [];
  if (corrections.length === 0) return null;
  return (
    <details className="corrections" data-testid="corrections" data-count={corrections.length}>
      <summary>
        <EditIcon /> {t('pg.corrections.title', { n: corrections.length })}
      </summary>
      <div className="corrections-body">
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
}

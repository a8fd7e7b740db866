import type { Lang, Lesson } from '@socklab/lessons';
import { strings } from '../i18n.ts';

/** The seed tutorial's lines (struck) beside their corrections, and why: for lessons built on the seed. */
export function Corrections({ lesson, lang }: { lesson: Lesson | null | undefined; lang: Lang }) {
  const t = strings[lang].pg.corrections;
  const corrections = lesson?.corrections ?? [];
  if (corrections.length === 0) return null;
  return (
    <details className="corrections" data-testid="corrections" data-count={corrections.length}>
      <summary>
        <span aria-hidden="true">✎</span> {t.title(corrections.length)}
      </summary>
      <div className="corrections-body">
        <ol className="corrections-list">
          {corrections.map((c) => (
            <li key={`${c.seed}-${c.corrected}`} className="correction" data-testid="correction">
              <div className="correction-seed">
                <span className="correction-tag">{t.seed}</span>
                <del>
                  <code>{c.seed}</code>
                </del>
              </div>
              <div className="correction-fixed">
                <span className="correction-tag">{t.corrected}</span>
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

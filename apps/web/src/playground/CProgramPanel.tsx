import { useLayoutEffect, useMemo, useRef } from 'react';
import { CopyButton } from '../components/CopyText.tsx';
import { useIdleValue } from '../components/useIdleValue.ts';
import { saveBlob } from '../figure/downloadFigure.ts';
import { actorName } from '../i18n/strings.ts';
import { useStrings } from '../i18n/useStrings.ts';
import { useLab, useLog } from '../store/useLab.ts';
import { type CProgram, cPrograms } from './cProgram.ts';

/** The playground's calls as C: one program per actor, with Copy and Download. */
export function CProgramPanel() {
  const t = useStrings();
  const { log, length } = useLog();
  const cursor = useLab((s) => s.cursor);
  // The programs are written from the whole log: they follow it when the browser is idle, not per event
  // (the log grows in place: `shown`, its length then, is what changes).
  const shown = useIdleValue(Math.min(cursor, length));
  const programs = useMemo(() => cPrograms(log.slice(0, shown)), [log, shown]);
  return (
    <section className="pg-cprog" aria-labelledby="pg-cprog-title" data-testid="pg-c-programs">
      <h2 id="pg-cprog-title" className="pg-cprog-title">
        {t('pg.c.title')}
      </h2>
      <p className="pg-cprog-hint">{programs.length === 0 ? t('pg.c.empty') : t('pg.c.hint')}</p>
      <div className="pg-cprog-list">
        {programs.map((p) => (
          <ProgramFile key={p.actor} program={p} />
        ))}
      </div>
    </section>
  );
}

/** One actor's program: its name, Copy and Download, and the code scrolled to its newest call. */
function ProgramFile({ program: p }: { program: CProgram }) {
  const t = useStrings();
  const code = useRef<HTMLPreElement>(null);
  useLayoutEffect(() => {
    if (code.current !== null && p.source !== '') code.current.scrollTop = code.current.scrollHeight;
  }, [p.source]);
  return (
    <article className="pg-cprog-file" data-testid={`pg-c-${p.actor}`} aria-label={p.file}>
      <header className="pg-cprog-head">
        <span className="pg-cprog-name">
          <code>{p.file}</code> · {actorName(t, p.actor)} · {t('pg.c.calls', { count: p.calls })}
        </span>
        <span className="pg-cprog-actions">
          <CopyButton text={p.source} label={p.file} />
          <button
            type="button"
            className="copy-button"
            data-testid={`pg-c-download-${p.actor}`}
            aria-label={`${t('pg.c.download')}: ${p.file}`}
            onClick={() => saveBlob(new Blob([p.source], { type: 'text/x-csrc' }), p.file)}
          >
            {t('pg.c.download')}
          </button>
        </span>
      </header>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard */}
      <pre className="pg-cprog-code" tabIndex={0} ref={code}>
        <code>{p.source}</code>
      </pre>
    </article>
  );
}

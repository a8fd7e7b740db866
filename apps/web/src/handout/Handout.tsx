import './handout.css';
import type { Lang } from '@socklab/lessons';
import { useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useEscape } from '../components/useEscape.ts';
import { actorName, type Strings } from '../i18n/strings.ts';
import { useStrings } from '../i18n/useStrings.ts';
import type { Replay } from '../store/labStore.ts';
import { useLab, useLog } from '../store/useLab.ts';
import { type Handout as HandoutData, type HandoutStep, handoutOf } from '../view/handout.ts';
import { HandoutFigure } from './HandoutFigure.tsx';

const when = (lang: Lang, date: Date) =>
  new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short' }).format(date);

/** Where the answers come from: this live run (printed at `openedAt`), or the recording shown. */
function origin(t: Strings, lang: Lang, handout: HandoutData, replay: Replay | null, openedAt: Date): string {
  const values = { platform: handout.platform ?? t('none'), port: handout.port ?? t('none') };
  return replay === null
    ? t('handout.live', { ...values, date: when(lang, openedAt) })
    : t('handout.recording', { ...values, from: replay.from, date: when(lang, new Date(replay.header.createdAt)) });
}

function Answer({ step }: { step: HandoutStep }) {
  const t = useStrings();
  const { answer } = step;
  if (answer.kind === 'returned')
    return <code className={answer.error ? 'handout-error' : undefined}>{answer.text}</code>;
  if (answer.kind === 'refused') return <span>{t('handout.refused', { code: answer.code })}</span>;
  if (answer.kind === 'notRun') return <span className="handout-quiet">{t('handout.notRun')}</span>;
  const later = step.returnedLater;
  return (
    <span>
      {t('handout.blocked')}
      {later !== null && (
        <>
          {'; '}
          {t('handout.returnedLater', { result: later.text, step: later.step })}
        </>
      )}
    </span>
  );
}

function Step({ step }: { step: HandoutStep }) {
  const t = useStrings();
  return (
    <li className="handout-step" data-testid="handout-step" data-index={step.index} data-answer={step.answer.kind}>
      <h3>{t('handout.step', { n: step.index + 1, actor: actorName(t, step.actor) })}</h3>
      <p>{step.narration}</p>
      <pre className="handout-line">
        <span className="handout-quiet">{t('handout.line', { n: step.line })}</span> {step.source}
      </pre>
      <dl>
        {step.call !== null && (
          <>
            <dt>{t('handout.call')}</dt>
            <dd>
              <code data-testid="handout-call">{step.call}</code>
            </dd>
          </>
        )}
        <dt>{t('handout.answer')}</dt>
        <dd data-testid="handout-answer">
          <Answer step={step} />
        </dd>
        {step.states.length > 0 && (
          <>
            <dt>{t('handout.states')}</dt>
            <dd data-testid="handout-states">
              {step.states.map((s, i) => (
                <span key={`${s.name}-${s.fd}`}>
                  {i > 0 && ' · '}
                  <code>{`${s.name} (fd ${s.fd}): ${s.tcp ?? '—'}`}</code>
                  {s.closed && `, ${t('handout.closed')}`}
                </span>
              ))}
            </dd>
          </>
        )}
        {step.printed.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a step's prints are a fixed list in log order
          <div key={i}>
            <dt>{t('handout.printed', { actor: actorName(t, p.actor) })}</dt>
            <dd>
              <pre className={p.stream === 'stderr' ? 'handout-error' : undefined}>{p.text}</pre>
            </dd>
          </div>
        ))}
      </dl>
    </li>
  );
}

/** The handout of the lesson run shown, over the page; printing prints it alone (see handout.css). */
export function Handout({ onClose }: { onClose: () => void }) {
  const t = useStrings();
  const lang = useLab((s) => s.lang);
  const replay = useLab((s) => s.replay);
  // The handout is printed as it was opened: a re-render (a language switch, a new event) keeps its time.
  const [openedAt] = useState(() => new Date());
  const { log, length } = useLog();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the log grows in place; its length is what changes
  const handout = useMemo(() => handoutOf(log, lang), [log, length, lang]);
  const print = useRef<HTMLButtonElement>(null);
  useEscape(true, onClose);
  useEffect(() => {
    const before = document.activeElement;
    print.current?.focus();
    return () => {
      if (before instanceof HTMLElement) before.focus();
    };
  }, []);

  return createPortal(
    <div
      className="handout-screen"
      role="dialog"
      aria-modal="true"
      aria-labelledby="handout-title"
      data-testid="handout"
    >
      <div className="handout-tools">
        <button type="button" className="btn btn-primary" ref={print} onClick={() => window.print()}>
          {t('handout.print')}
        </button>
        <button type="button" className="btn" data-testid="handout-close" onClick={onClose}>
          {t('handout.close')}
        </button>
      </div>
      <article className="handout" lang={lang}>
        {handout === null ? (
          <p id="handout-title">{t('handout.none')}</p>
        ) : (
          <>
            <header className="handout-head">
              <p className="handout-quiet">
                <strong>socklab</strong> · {handout.lesson.chapter[lang]} · {t('handout.dialog')}
              </p>
              <h1 id="handout-title">{handout.lesson.title[lang]}</h1>
              <p>{handout.lesson.summary[lang]}</p>
              <p data-testid="handout-origin">{origin(t, lang, handout, replay, openedAt)}</p>
              <p>
                {t('handout.source')} {t('handout.ran', { ran: handout.ran, total: handout.steps.length })}
              </p>
            </header>
            <section className="handout-programs">
              <h2>{t('handout.programs')}</h2>
              {handout.programs.map((program) => (
                <section key={program.actor} className="handout-program" data-testid="handout-program">
                  <h3>
                    {actorName(t, program.actor)} · <code>{program.file}</code>
                  </h3>
                  <p className="handout-quiet">{t('handout.run', { command: program.command })}</p>
                  <ol className="handout-code">
                    {program.lines.map((line, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: a program's lines are fixed; the number is the key
                      <li key={i}>
                        <code>{line === '' ? ' ' : line}</code>
                      </li>
                    ))}
                  </ol>
                </section>
              ))}
            </section>
            <section className="handout-steps">
              <h2>{t('handout.steps')}</h2>
              <ol>
                {handout.steps.map((step) => (
                  <Step key={step.index} step={step} />
                ))}
              </ol>
            </section>
            <section className="handout-run">
              <h2>{t('handout.figure')}</h2>
              <HandoutFigure log={log} lang={lang} />
            </section>
          </>
        )}
      </article>
    </div>,
    document.body,
  );
}

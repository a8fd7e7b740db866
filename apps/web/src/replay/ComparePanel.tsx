import './compare.css';
import { findLesson } from '@socklab/lessons';
import { useMemo } from 'react';
import { actorName } from '../i18n/strings.ts';
import { useStrings } from '../i18n/useStrings.ts';
import { useLab, useLabStore, useLog } from '../store/useLab.ts';
import { compareSteps, type Difference, newFd, nothing, type StepVerdict } from '../view/compare.ts';
import { formatWhen } from './ReplayBanner.tsx';

type T = ReturnType<typeof useStrings>;

// An answer as the reader's language says it: fds, "nothing" and blocked yes/no are words; the rest is the kernel's.
function answerText(t: T, d: Difference, value: string): string {
  if (value === nothing) return t('compare.nothing');
  if (value === newFd) return t('compare.newFd');
  if (d.subject.kind === 'blocked') return value === 'true' ? t('compare.blockedYes') : t('compare.blockedNo');
  return value;
}

function whatText(t: T, d: Difference): string {
  const actor = d.subject.actor === null ? '' : actorName(t, d.subject.actor);
  return t(`compare.what.${d.subject.kind}`, { actor, about: d.subject.about ?? '' });
}

/**
 * While a lesson runs again against a recording ("Run again on this kernel"):
 * each step's verdict as the live run finishes it, a summary, and for each
 * step that differs both answers: this kernel's (the live log) and the
 * recording's (the file). Neither side is ever made up.
 */
export function ComparePanel() {
  const t = useStrings();
  const store = useLabStore();
  const expected = useLab((s) => (s.replay === null ? s.expected : null));
  const lang = useLab((s) => s.lang);
  const { log, length } = useLog();
  const lesson = findLesson(expected?.lesson ?? '');
  const steps = lesson?.steps;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the log grows in place; its length is what changes
  const verdicts = useMemo(
    () => (expected && steps ? compareSteps(expected.events, log.slice(expected.since), steps.length) : []),
    [expected, steps, log, length],
  );
  if (expected === null || steps === undefined) return null;
  const run = verdicts.filter((v) => v.status !== 'pending');
  const differing = verdicts.filter((v): v is Extract<StepVerdict, { status: 'differs' }> => v.status === 'differs');
  const label = (step: number) => {
    const s = steps[step];
    return s ? `${actorName(t, s.actor)} ${s.call.syscall}()` : '';
  };
  const first = differing[0]?.differences[0];
  const summary = [
    t('compare.summary', { matched: run.length - differing.length, run: run.length, total: steps.length }),
    first === undefined
      ? null
      : t('compare.firstDiff', {
          step: first.step + 1,
          what: whatText(t, first),
          live: answerText(t, first, first.live),
          recorded: answerText(t, first, first.recorded),
        }),
  ]
    .filter(Boolean)
    .join('; ');
  return (
    <section className="compare" data-testid="compare" aria-label={t('compare.title')}>
      <div className="compare-head">
        <strong>{t('compare.title')}</strong>
        <span className="compare-source">
          {t('compare.against', { from: expected.from, createdAt: formatWhen(expected.createdAt, lang) })}
        </span>
        <button
          type="button"
          className="replay-link"
          data-testid="compare-stop"
          onClick={() => store.getState().stopComparing()}
        >
          {t('compare.stop')}
        </button>
      </div>
      <p
        className={`compare-summary${differing.length > 0 ? ' is-warn' : ''}`}
        data-testid="compare-summary"
        role="status"
      >
        {summary}
        {run.length < steps.length && ` ${t('compare.pending', { count: steps.length - run.length })}`}
      </p>
      <ol className="compare-steps">
        {verdicts.map((v) => (
          <li
            key={v.step}
            className={`compare-step is-${v.status}`}
            data-testid="compare-step"
            data-step={v.step + 1}
            data-status={v.status}
            title={`${v.step + 1}. ${label(v.step)}: ${t(`compare.status.${v.status}`)}`}
          >
            <span className="compare-step-index">{v.step + 1}</span>
            <span className="compare-step-call">{label(v.step)}</span>
            <span className="compare-step-status">{t(`compare.status.${v.status}`)}</span>
          </li>
        ))}
      </ol>
      {differing.length > 0 && (
        <ul className="compare-diffs">
          {differing.flatMap((v) =>
            v.differences.map((d) => (
              <li key={`${v.step}-${d.what}`} data-testid="compare-diff" data-step={v.step + 1}>
                <span className="compare-diff-step">
                  {v.step + 1}. {label(v.step)}
                </span>{' '}
                <span className="compare-diff-what">{whatText(t, d)}</span>
                <span className="compare-answer" data-testid="compare-live">
                  {t('compare.thisKernel')}: <code>{answerText(t, d, d.live)}</code>
                </span>
                <span className="compare-answer" data-testid="compare-recorded">
                  {t('compare.recording')}: <code>{answerText(t, d, d.recorded)}</code>
                </span>
              </li>
            )),
          )}
        </ul>
      )}
    </section>
  );
}

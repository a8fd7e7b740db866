import { type FormEvent, useId, useMemo, useState } from 'react';
import { CheckIcon, CloseIcon } from '../components/icons.tsx';
import { actorName, type Strings } from '../i18n/strings.ts';
import { useStrings } from '../i18n/useStrings.ts';
import { usePrefs } from '../prefs/prefsStore.ts';
import { useLab, useLog } from '../store/useLab.ts';
import type { LabHead, LabView } from '../view/viewAt.ts';
import { choicesFor, kernelOutcome, type Outcome, outcomeKey, outcomeOf, scoreOf } from './predict.ts';
import { predictStore, runKey, usePredictions } from './predictStore.ts';
import { usePendingPrediction } from './usePredict.ts';

/** An outcome in words: "returns a value (≥ 0)", "fails with EADDRINUSE", "blocks". */
export function outcomeText(t: Strings, o: Outcome): string {
  return o.kind === 'errno' ? t('predict.errno', { errno: o.errno }) : t(`predict.${o.kind}`);
}

/**
 * Predict, then see: asks what the next step's call will do (choices from the
 * lesson's expectation and plausible errnos), then sets the prediction beside
 * what the kernel answered (`syscall.block`/`syscall.exit`), with the run's score.
 */
export function PredictPanel({ view, head }: { view: LabView; head: LabHead }) {
  const t = useStrings();
  const on = usePrefs((s) => s.predict);
  const asking = usePendingPrediction(head);
  const lesson = view.lesson;
  const run = lesson === null ? null : runKey(lesson);
  const predictions = usePredictions((s) => (run === null ? undefined : s.runs[run]));
  const { log, length } = useLog();
  const cursor = useLab((s) => s.cursor);
  const live = useLab((s) => s.live);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the log grows in place, its length is what changes
  const answer = useMemo(
    () => (index: number) => (lesson === null ? null : kernelOutcome(log, lesson.seq, index, cursor)),
    [log, length, cursor, lesson],
  );
  if (!on || lesson === null || view.lessonDef === null || run === null) return null;
  const score = scoreOf(predictions ?? {}, answer);
  const current = view.current;
  const predicted = current === null ? undefined : predictions?.[current.index];
  return (
    <div className="predict" data-testid="predict">
      {current !== null && predicted !== undefined && <Reveal predicted={predicted} actual={answer(current.index)} />}
      {asking !== null && live && <Question run={run} index={asking} view={view} />}
      <p className="predict-score" data-testid="predict-score" data-right={score.right} data-total={score.total}>
        {t('predict.score', { right: score.right, total: score.total })}
      </p>
    </div>
  );
}

function Question({ run, index, view }: { run: string; index: number; view: LabView }) {
  const t = useStrings();
  const id = useId();
  const step = view.lessonDef?.steps[index];
  const [choice, setChoice] = useState<string | null>(null);
  if (step === undefined) return null;
  const choices = choicesFor(step);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (choice === null) return;
    predictStore.getState().predict(run, index, outcomeOf(choice));
    setChoice(null);
    // The step can run now: the Step button takes the focus.
    requestAnimationFrame(() => document.querySelector<HTMLButtonElement>('[data-testid="step-button"]')?.focus());
  };
  return (
    <form className="predict-question" data-testid="predict-question" data-index={index} onSubmit={submit}>
      <fieldset>
        <legend id={`${id}-legend`}>
          {t('predict.question', {
            index: index + 1,
            actor: actorName(t, step.actor),
            call: `${step.call.syscall}()`,
          })}
        </legend>
        <div className="predict-choices">
          {choices.map((o) => {
            const key = outcomeKey(o);
            return (
              <label key={key} className="predict-choice">
                <input
                  type="radio"
                  name={`${id}-choice`}
                  value={key}
                  data-testid={`predict-choice-${key}`}
                  checked={choice === key}
                  onChange={() => setChoice(key)}
                />
                <span>{outcomeText(t, o)}</span>
              </label>
            );
          })}
          <button type="submit" className="btn predict-submit" data-testid="predict-submit" disabled={choice === null}>
            {t('predict.submit')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}

function Reveal({ predicted, actual }: { predicted: Outcome; actual: Outcome | null }) {
  const t = useStrings();
  const right = actual !== null && outcomeKey(actual) === outcomeKey(predicted);
  return (
    <p
      className={`predict-reveal${actual === null ? '' : right ? ' is-right' : ' is-wrong'}`}
      data-testid="predict-reveal"
      data-verdict={actual === null ? 'waiting' : right ? 'right' : 'wrong'}
    >
      <span>
        {t('predict.yours')}: <strong>{outcomeText(t, predicted)}</strong>
      </span>
      <span>
        {t('predict.kernel')}: <strong>{actual === null ? t('predict.waiting') : outcomeText(t, actual)}</strong>
      </span>
      {actual !== null && (
        <span className="predict-verdict">
          {right ? <CheckIcon /> : <CloseIcon />} {right ? t('predict.right') : t('predict.wrong')}
        </span>
      )}
    </p>
  );
}

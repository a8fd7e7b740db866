import { formatAddress } from '@socklab/protocol';
import { memo } from 'react';
import { useIsViewer } from '../class/useIsViewer.tsx';
import { actorName } from '../i18n/strings.ts';
import { useStrings } from '../i18n/useStrings.ts';
import { PredictPanel } from '../predict/PredictPanel.tsx';
import { ComparePanel } from '../replay/ComparePanel.tsx';
import { Markers } from '../replay/Markers.tsx';
import type { Speed } from '../store/labStore.ts';
import { useLab, useLabStore, useMoments } from '../store/useLab.ts';
import type { LabControls } from '../useLabControls.ts';
import type { LabView } from '../view/viewAt.ts';
import { Corrections } from './Corrections.tsx';
import {
  AlertIcon,
  BackIcon,
  CheckIcon,
  CircleIcon,
  FirstIcon,
  ForwardIcon,
  LastIcon,
  PauseIcon,
  PlayIcon,
  ResetIcon,
  StepIcon,
} from './icons.tsx';
import { Scrubber } from './Scrubber.tsx';
import { StepAnnouncer, StepResult } from './StepResult.tsx';
import { StepWhy } from './StepWhy.tsx';

/** "Step 3 of 11", or "Before step 1": which moment of the lesson `view` shows. */
export function whereOf(t: ReturnType<typeof useStrings>, view: LabView): string {
  const total = view.lesson?.steps ?? view.lessonDef?.steps.length ?? 0;
  return view.current === null ? t('travel.beforeFirst') : t('stepOf', { index: view.current.index + 1, total });
}

/**
 * The step's stage: what the step did (narration, result, checks), the controls, the scrubber.
 * A click on Step changes only the controls (busy): the narration is a part of its own.
 */
export const Stage = memo(function Stage({ view, controls }: { view: LabView; controls: LabControls }) {
  const t = useStrings();
  return (
    <section className="stage" id="lab-start" tabIndex={-1} aria-label={t('a11y.stepRegion')}>
      <StepAnnouncer view={view} />
      <Narration view={view} stuckActor={controls.stuck?.actor ?? null} stuckCall={controls.stuck?.syscall ?? null} />
      <Controls controls={controls} view={view} />
      <Scrubber where={whereOf(t, view)} />
      <Markers />
      <ComparePanel />
    </section>
  );
});

type NarrationProps = { view: LabView; stuckActor: string | null; stuckCall: string | null };

/** What the step shown did: its narration, why, the kernel's result, the lesson's notes and checks. */
const Narration = memo(function Narration({ view, stuckActor, stuckCall }: NarrationProps) {
  const t = useStrings();
  const lang = useLab((s) => s.lang);
  const lesson = view.lessonDef;
  const current = view.current;
  const step = current !== null ? lesson?.steps[current.index] : undefined;
  const total = view.lesson?.steps ?? lesson?.steps.length ?? 0;

  let narration: string;
  let kicker: string | null = null;
  if (view.lesson === null) narration = t('waitingLesson');
  else if (current === null) narration = lesson === null ? t('ready') : `${lesson.summary[lang]} ${t('ready')}`;
  else {
    narration = step?.narration[lang] ?? `${current.actor}: ${current.syscall}()`;
    kicker = t('stepOf', { index: current.index + 1, total });
  }
  const ended = view.ended !== null;

  return (
    <div className="narration-box">
      <div className="narration-meta">
        {kicker !== null && current !== null ? (
          <>
            <span className="kicker">{kicker}</span>
            <span className={`actor-chip actor-${current.actor}`}>{actorName(t, current.actor)}</span>
            <code className="kicker-call">{current.syscall}()</code>
            <StepResult view={view} />
          </>
        ) : (
          <span className="kicker">{lesson?.title[lang] ?? ''}</span>
        )}
        <StepDots view={view} total={total} />
      </div>
      <p className="narration" data-testid="narration" key={`${view.lesson?.seq}-${current?.seq}-${lang}`}>
        {narration}
      </p>
      <StepWhy key={`${view.lesson?.seq}-${current?.index}`} step={step} />
      <div className="stage-foot">
        {view.waiting !== null && (
          <p className="lesson-wait" data-testid="lesson-wait" role="status" data-until={view.waiting.until.kind}>
            {view.waiting.until.kind === 'call'
              ? t('wait.call', {
                  step: view.waiting.index + 1,
                  actor: actorName(t, view.waiting.until.actor),
                  call: `${view.waiting.until.syscall}()`,
                  seconds: Math.round(view.waiting.limitMs / 1000),
                })
              : t('wait.acceptQueue', {
                  step: view.waiting.index + 1,
                  length: view.waiting.until.length,
                  seconds: Math.round(view.waiting.limitMs / 1000),
                })}
          </p>
        )}
        {view.outside.map((o) => (
          <p key={o.seq} className="lesson-outside" data-testid="lesson-outside" role="status">
            {t('outside', {
              step: o.index + 1,
              who: o.owner ? t('outsideOwner', { command: o.owner.command, pid: o.owner.pid }) : t('outsideUnknown'),
              peer: formatAddress(o.peer),
            })}
          </p>
        ))}
        {stuckActor !== null && (
          <p className="lesson-stuck" data-testid="lesson-stuck" role="status">
            {t('stuck', { actor: actorName(t, stuckActor), call: `${stuckCall}()` })}
          </p>
        )}
        {view.moved !== null && (
          <p className="lesson-moved" data-testid="lesson-moved">
            {t('moved', {
              from: view.moved.from,
              port: view.port ?? 0,
              rows:
                view.moved.heldBy
                  .map(
                    (r) =>
                      `${r.linuxState}${r.timer.kind === 'off' ? '' : ` ${(r.timer.expiresMs / 1000).toFixed(0)} s`}`,
                  )
                  .join(', ') || t('movedBySession'),
            })}
          </p>
        )}
        {ended && (
          <p className={`ended${view.ended?.ok ? '' : ' is-warn'}`} data-testid="lesson-ended">
            {view.steps.length < total
              ? t('endedEarly')
              : view.ended?.ok
                ? t('ended')
                : t('endedMismatch', { count: view.ended?.mismatches ?? 0 })}
          </p>
        )}
        <Checks view={view} />
        <Corrections lesson={lesson} run={view.lesson?.seq} />
      </div>
    </div>
  );
});

function StepDots({ view, total }: { view: LabView; total: number }) {
  const t = useStrings();
  const store = useLabStore();
  const moments = useMoments();
  if (total === 0) return null;
  // The dots of steps that ran lead to the moment each finished (`seekStep` counts steps run).
  const ranAt = new Map(moments.steps.map((s, position) => [s.index, position + 1]));
  return (
    <ol className="step-dots">
      {Array.from({ length: total }, (_, i) => {
        const def = view.lessonDef?.steps[i];
        const actor = def?.actor ?? '';
        const count = ranAt.get(i);
        const state = i === view.current?.index ? 'now' : count !== undefined ? 'ran' : 'todo';
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: one dot per step index
          <li key={i}>
            <button
              type="button"
              className={`dot-button dot-${state} actor-${actor}`}
              data-testid="step-dot"
              data-index={i}
              data-state={state}
              disabled={count === undefined}
              aria-current={state === 'now' ? 'step' : undefined}
              aria-label={t('travel.dot', { index: i + 1, call: def ? `${def.call.syscall}()` : '' })}
              title={t('travel.dot', { index: i + 1, call: def ? `${def.call.syscall}()` : '' })}
              onClick={() => count !== undefined && store.getState().seekStep(count)}
            >
              <span className="dot" />
            </button>
          </li>
        );
      })}
    </ol>
  );
}

function Checks({ view }: { view: LabView }) {
  const t = useStrings();
  const n = view.checks.length;
  return (
    <div
      className={`checks${view.mismatches.length > 0 ? ' has-mismatch' : ''}`}
      data-testid="check-status"
      data-checks={n}
      data-mismatches={view.mismatches.length}
    >
      {view.mismatches.length === 0 ? (
        <span className="check-ok" title={t('checkOk', { count: n })}>
          <span className="check-icon">{n === 0 ? <CircleIcon /> : <CheckIcon />}</span>
          {n === 0 ? t('checkNone') : t('checkOk', { count: n })}
        </span>
      ) : (
        view.mismatches.map((m) => (
          <p key={m.seq} className="check-warning" data-testid="check-warning" data-index={m.index} role="alert">
            <span className="check-icon">
              <AlertIcon />
            </span>
            <span className="check-step">#{m.index + 1}</span>{' '}
            {t('checkWarning', { expected: m.expected, actual: m.actual })}
          </p>
        ))
      )}
    </div>
  );
}

function Controls({ controls, view }: { controls: LabControls; view: LabView }) {
  const t = useStrings();
  const store = useLabStore();
  const playing = useLab((s) => s.playing);
  const speed = useLab((s) => s.speed);
  const live = useLab((s) => s.live);
  const atFirst = view.current === null;
  // A class viewer walks through what happened; it never runs a step (hidden, not disabled).
  const viewer = useIsViewer();
  return (
    <div className="controls">
      <div className="buttons">
        <div className="travel">
          <button
            type="button"
            className="btn btn-icon"
            data-testid="first-button"
            disabled={atFirst}
            aria-label={t('travel.first')}
            title={`${t('travel.first')} (Home)`}
            onClick={() => store.getState().seekStep(0)}
          >
            <FirstIcon />
          </button>
          <button
            type="button"
            className="btn"
            data-testid="back-button"
            disabled={atFirst}
            title={`${t('travel.back')} (←)`}
            onClick={() => store.getState().moveCursor(-1)}
          >
            <BackIcon /> {t('travel.back')}
          </button>
        </div>
        {!viewer && (
          <button
            type="button"
            className="btn btn-primary"
            data-testid="step-button"
            disabled={!controls.canStep}
            aria-busy={controls.awaiting}
            onClick={controls.step}
          >
            <StepIcon /> {t('step')}
          </button>
        )}
        <div className="travel">
          <button
            type="button"
            className="btn"
            data-testid="forward-button"
            disabled={live}
            title={`${t('travel.forward')} (→)`}
            onClick={() => store.getState().moveCursor(1)}
          >
            {t('travel.forward')} <ForwardIcon />
          </button>
          <button
            type="button"
            className="btn btn-icon"
            data-testid="last-button"
            disabled={live}
            aria-label={t('travel.last')}
            title={`${t('travel.last')} (End)`}
            onClick={() => store.getState().goLive()}
          >
            <LastIcon />
          </button>
        </div>
        {!viewer && (
          <>
            <button
              type="button"
              className={`btn${playing ? ' is-on' : ''}`}
              data-testid="play-button"
              data-playing={playing}
              disabled={!playing && !controls.canPlay}
              aria-pressed={playing}
              onClick={controls.togglePlay}
            >
              {playing ? <PauseIcon /> : <PlayIcon />} {playing ? t('pause') : t('play')}
            </button>
            <button
              type="button"
              className="btn btn-quiet"
              data-testid="reset-button"
              disabled={!controls.canReset}
              onClick={controls.reset}
            >
              <ResetIcon /> {t('reset')}
            </button>
          </>
        )}
      </div>
      {!viewer && (
        <div className="controls-row">
          <label className="speed">
            <span>{t('speed')}</span>
            <select
              data-testid="speed-select"
              value={speed}
              onChange={(e) => store.getState().setSpeed(e.currentTarget.value as Speed)}
            >
              {(['slow', 'normal', 'fast'] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`speeds.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <span className="kbd-hint">{t('keyboardHint')}</span>
        </div>
      )}
      <PredictPanel view={view} head={controls.head} />
    </div>
  );
}

import { formatAddress } from '@socklab/protocol';
import { actorName } from '../i18n/strings.ts';
import { useStrings } from '../i18n/useStrings.ts';
import type { Speed } from '../store/labStore.ts';
import { useLab, useLabStore } from '../store/useLab.ts';
import type { LabControls } from '../useLabControls.ts';
import type { LabView } from '../view/viewAt.ts';
import { Corrections } from './Corrections.tsx';
import { AlertIcon, CheckIcon, CircleIcon, PauseIcon, PlayIcon, ResetIcon, StepIcon } from './icons.tsx';

export function Stage({ view, controls }: { view: LabView; controls: LabControls }) {
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
    <section className="stage" aria-live="polite">
      <div className="narration-box">
        <div className="narration-meta">
          {kicker !== null && current !== null ? (
            <>
              <span className="kicker">{kicker}</span>
              <span className={`actor-chip actor-${current.actor}`}>{actorName(t, current.actor)}</span>
              <code className="kicker-call">{current.syscall}()</code>
            </>
          ) : (
            <span className="kicker">{lesson?.title[lang] ?? ''}</span>
          )}
          <StepDots view={view} total={total} />
        </div>
        <p className="narration" data-testid="narration" key={`${view.lesson?.seq}-${current?.seq}-${lang}`}>
          {narration}
        </p>
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
          {controls.stuck !== null && (
            <p className="lesson-stuck" data-testid="lesson-stuck" role="status">
              {t('stuck', { actor: actorName(t, controls.stuck.actor), call: `${controls.stuck.syscall}()` })}
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
          <Corrections lesson={lesson} />
        </div>
      </div>
      <Controls controls={controls} />
    </section>
  );
}

function StepDots({ view, total }: { view: LabView; total: number }) {
  if (total === 0) return null;
  const ran = new Set(view.steps.map((s) => s.index));
  return (
    <ol className="step-dots" aria-hidden="true">
      {Array.from({ length: total }, (_, i) => {
        const actor = view.lessonDef?.steps[i]?.actor ?? '';
        const state = i === view.current?.index ? 'now' : ran.has(i) ? 'ran' : 'todo';
        // biome-ignore lint/suspicious/noArrayIndexKey: one dot per step index
        return <li key={i} className={`dot dot-${state} actor-${actor}`} />;
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

function Controls({ controls }: { controls: LabControls }) {
  const t = useStrings();
  const store = useLabStore();
  const playing = useLab((s) => s.playing);
  const speed = useLab((s) => s.speed);
  return (
    <div className="controls">
      <div className="buttons">
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
      </div>
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
    </div>
  );
}

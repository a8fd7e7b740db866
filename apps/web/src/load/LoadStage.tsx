import { loadLesson } from '@socklab/lessons';
import { protocolLimits } from '@socklab/protocol';
import { useEffect, useState } from 'react';
import { useIsViewer } from '../class/useIsViewer.tsx';
import { ResetIcon, StepIcon } from '../components/icons.tsx';
import { useConnection } from '../connection/ConnectionProvider.tsx';
import { useStrings } from '../i18n/useStrings.ts';
import { useLab } from '../store/useLab.ts';
import type { LabControls } from '../useLabControls.ts';
import type { LabView } from '../view/viewAt.ts';
import { LoadCharts } from './LoadCharts.tsx';
import { TallyTable } from './TallyTable.tsx';

/**
 * The `load` lesson's stage: its narration for the run's phase, the number of
 * clients (a lesson parameter), Step and Reset, the charts of its samples and
 * the tally. Everything shown comes from `load.sample` / `load.tally`.
 */
export function LoadStage({ view, controls }: { view: LabView; controls: LabControls }) {
  const t = useStrings();
  const lang = useLab((s) => s.lang);
  const port = useLab((s) => s.port);
  const { send } = useConnection();
  // SPEC CLASS-3: a class viewer watches; it has no Step, Reset or clients field.
  const viewer = useIsViewer();
  const asked = view.lesson?.clients ?? loadLesson.defaultClients;
  const [draft, setDraft] = useState(String(asked));
  useEffect(() => setDraft(String(asked)), [asked]);
  const { samples, tally } = view.load;
  const phase = tally !== null ? 'done' : (samples.at(-1)?.phase ?? 'ready');
  const narration = loadLesson.narration[phase][lang].replace('{clients}', asked.toLocaleString());
  const value = Number(draft);
  const valid = Number.isInteger(value) && value >= 1 && value <= protocolLimits.maxLoadClients;
  const reload = () => {
    if (!valid) {
      setDraft(String(asked));
      return;
    }
    send({ type: 'lesson.load', lesson: loadLesson.id, params: { port, clients: value } });
  };
  const running = view.current !== null && tally === null;

  return (
    <section className="stage load-stage" id="lab-start" tabIndex={-1} data-testid="load-stage" data-phase={phase}>
      <div className="narration-box">
        <div className="narration-meta">
          <span className="kicker">{loadLesson.title[lang]}</span>
          {samples.length > 0 && (
            <span className="load-phase">{t(`load.phase.${samples.at(-1)?.phase ?? 'connect'}`)}</span>
          )}
        </div>
        <p className="narration" data-testid="narration">
          {narration}
        </p>
        <div className="load-controls" hidden={viewer}>
          <label className="field load-clients">
            <span className="field-label">{t('load.clients')}</span>
            <input
              type="number"
              min={1}
              max={protocolLimits.maxLoadClients}
              value={draft}
              data-testid="load-clients"
              title={t('load.clientsHint', { max: protocolLimits.maxLoadClients })}
              onChange={(e) => setDraft(e.currentTarget.value)}
              onBlur={reload}
              onKeyDown={(e) => e.key === 'Enter' && reload()}
            />
          </label>
          <button
            type="button"
            className="btn btn-primary"
            data-testid="step"
            disabled={!controls.canStep}
            onClick={controls.step}
          >
            <StepIcon /> {running ? t('load.running') : t('load.run', { clients: asked.toLocaleString() })}
          </button>
          <button
            type="button"
            className="btn"
            data-testid="reset"
            disabled={!controls.canReset}
            onClick={controls.reset}
          >
            <ResetIcon /> {t('reset')}
          </button>
        </div>
        {samples.length > 0 && (
          <p className="load-source" data-testid="load-source" data-samples={samples.length}>
            {t('load.source', {
              source: samples[0]?.source === 'proc' ? t('load.sourceProc') : t('load.sourceSockDiag'),
              samples: samples.length,
              every: 25,
            })}
          </p>
        )}
      </div>
      <LoadCharts samples={samples} port={view.port ?? port} clients={asked} />
      {tally !== null && <TallyTable tally={tally} />}
    </section>
  );
}

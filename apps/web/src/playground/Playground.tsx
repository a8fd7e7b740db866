import { memo } from 'react';
import { StepMotion } from '../animation/StepMotion.tsx';
import { useIsViewer } from '../class/useIsViewer.tsx';
import { CenterTabs } from '../components/CenterTabs.tsx';
import { StateDiagram } from '../components/StateDiagram.tsx';
import { useStrings } from '../i18n/useStrings.ts';
import type { LabView } from '../view/viewAt.ts';
import { ActorPanel } from './ActorPanel.tsx';
import { CProgramPanel } from './CProgramPanel.tsx';
import { modeStore, useMode } from './modeStore.ts';
import { type PlaygroundControls, useStartPlayground } from './usePlayground.ts';
import './playground.css';

type Props = { view: LabView; controls: PlaygroundControls };

/** The playground: an intro, one panel per actor, and the same diagram and tabs as a lesson. */
export function Playground({ view, controls }: Props) {
  const actors = useMode((s) => s.actors);
  // An actor that got a socket some other way (a restarted session) is shown too.
  const all = [...actors, ...view.sockets.map((s) => s.actor).filter((a, i, list) => list.indexOf(a) === i)].filter(
    (a, i, list) => list.indexOf(a) === i,
  );
  const servers = all.filter((a) => a.startsWith('server'));
  const others = all.filter((a) => !a.startsWith('server'));
  return (
    <>
      <PlaygroundIntro started={controls.started} canAdd={all.length < 7} />
      <main className="lab pg-lab" data-testid="playground" data-started={controls.started}>
        <div className={`lab-col lab-col-left pg-col lanes-${servers.length}`}>
          {servers.map((actor) => (
            <ActorPanel key={actor} actor={actor} view={view} controls={controls} />
          ))}
        </div>
        <div className={`lab-col lab-col-right pg-col lanes-${others.length}`}>
          {others.map((actor) => (
            <ActorPanel key={actor} actor={actor} view={view} controls={controls} />
          ))}
        </div>
        <StateDiagram view={view} />
        <CenterTabs view={view} />
        <CProgramPanel />
        <StepMotion view={view} />
      </main>
    </>
  );
}

const tries = ['accept', 'listen', 'bind', 'connect'] as const;

/** What the playground is and what to try; it renders again only when it starts or an actor is added. */
const PlaygroundIntro = memo(function PlaygroundIntro({ started, canAdd }: { started: boolean; canAdd: boolean }) {
  const t = useStrings();
  const viewer = useIsViewer();
  const start = useStartPlayground();
  return (
    <section className="stage pg-intro" id="lab-start" tabIndex={-1} aria-label={t('pg.introTitle')}>
      <div className="pg-intro-text">
        <p className="kicker">{t('pg.introTitle')}</p>
        <p className="narration" data-testid="narration">
          {started ? t('pg.intro') : t('pg.starting')}
        </p>
        <div className="pg-tries">
          <span className="pg-tries-title">{t('pg.tryTitle')}:</span>
          <ul>
            {tries.map((call) => (
              <li key={call}>
                <code>{t(`pg.tries.${call}Call`)}</code> {t(`pg.tries.${call}`)}
              </li>
            ))}
          </ul>
        </div>
      </div>
      {!viewer && (
        <div className="pg-intro-actions">
          <button
            type="button"
            className="btn"
            data-testid="pg-add-actor"
            title={t('pg.addActorTitle')}
            disabled={!canAdd}
            onClick={() => modeStore.getState().addActor()}
          >
            {t('pg.addActor')}
          </button>
          <button
            type="button"
            className="btn btn-quiet"
            data-testid="pg-restart"
            title={t('pg.restartTitle')}
            disabled={!started}
            onClick={start}
          >
            {t('pg.restart')}
          </button>
        </div>
      )}
    </section>
  );
});

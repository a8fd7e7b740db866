import type { Lang } from '@socklab/lessons';
import { CenterTabs } from '../components/CenterTabs.tsx';
import { StateDiagram } from '../components/StateDiagram.tsx';
import { strings } from '../i18n.ts';
import type { LabView } from '../view/viewAt.ts';
import { ActorPanel } from './ActorPanel.tsx';
import { modeStore, useMode } from './modeStore.ts';
import type { PlaygroundControls } from './usePlayground.ts';
import './playground.css';

type Props = { view: LabView; lang: Lang; controls: PlaygroundControls };

/** The playground: an intro, one panel per actor, and the same diagram and tabs as a lesson. */
export function Playground({ view, lang, controls }: Props) {
  const actors = useMode((s) => s.actors);
  // An actor that got a socket some other way (a restarted session) is shown too.
  const all = [...actors, ...view.sockets.map((s) => s.actor).filter((a, i, list) => list.indexOf(a) === i)].filter(
    (a, i, list) => list.indexOf(a) === i,
  );
  const servers = all.filter((a) => a.startsWith('server'));
  const others = all.filter((a) => !a.startsWith('server'));
  return (
    <>
      <PlaygroundIntro lang={lang} controls={controls} canAdd={all.length < 7} />
      <main className="lab pg-lab" data-testid="playground" data-started={controls.started}>
        <div className={`lab-col lab-col-left pg-col lanes-${servers.length}`}>
          {servers.map((actor) => (
            <ActorPanel key={actor} actor={actor} view={view} lang={lang} controls={controls} />
          ))}
        </div>
        <div className={`lab-col lab-col-right pg-col lanes-${others.length}`}>
          {others.map((actor) => (
            <ActorPanel key={actor} actor={actor} view={view} lang={lang} controls={controls} />
          ))}
        </div>
        <StateDiagram view={view} lang={lang} />
        <CenterTabs view={view} lang={lang} />
      </main>
    </>
  );
}

function PlaygroundIntro({ lang, controls, canAdd }: { lang: Lang; controls: PlaygroundControls; canAdd: boolean }) {
  const pg = strings[lang].pg;
  return (
    <section className="stage pg-intro" aria-label={pg.introTitle}>
      <div className="pg-intro-text">
        <p className="kicker">{pg.introTitle}</p>
        <p className="narration" data-testid="narration">
          {controls.started ? pg.intro : pg.starting}
        </p>
        <div className="pg-tries">
          <span className="pg-tries-title">{pg.tryTitle}:</span>
          <ul>
            {pg.tries.map((item) => (
              <li key={item.call}>
                <code>{item.call}</code> {item.text}
              </li>
            ))}
          </ul>
        </div>
      </div>
      <div className="pg-intro-actions">
        <button
          type="button"
          className="btn"
          data-testid="pg-add-actor"
          title={pg.addActorTitle}
          disabled={!canAdd}
          onClick={() => modeStore.getState().addActor()}
        >
          {pg.addActor}
        </button>
      </div>
    </section>
  );
}

import type { Program } from '@socklab/lessons';
import { memo, useState } from 'react';
import { actorName } from '../i18n/strings.ts';
import { useStrings } from '../i18n/useStrings.ts';
import { type LabView, socketsOf } from '../view/viewAt.ts';
import { PauseIcon } from './icons.tsx';
import { Lane } from './Lane.tsx';

/** The most lanes stacked in one column before they become tabs. */
const maxStacked = 2;

type Props = { programs: readonly Program[]; view: LabView };

/**
 * Every program but the first, in the right column: stacked when there are one
 * or two, else a tab per actor (with its state: blocked, its open fds) above the
 * lane of the actor the lesson is at, or the one the user picked.
 */
export const ActorLanes = memo(function ActorLanes({ programs, view }: Props) {
  const t = useStrings();
  // A pick holds until the next step; then the tabs follow the lesson again.
  const [picked, setPicked] = useState<{ actor: string; at: number | null } | null>(null);
  if (programs.length <= maxStacked) {
    return (
      <div className={`lab-col lab-col-right lanes-${programs.length}`}>
        {programs.map((program) => (
          <Lane key={program.actor} actor={program.actor} program={program} view={view} />
        ))}
      </div>
    );
  }

  const actors = programs.map((p) => p.actor);
  const at = view.current?.seq ?? null;
  const following = view.current !== null && actors.includes(view.current.actor) ? view.current.actor : null;
  const lastActive = view.steps.findLast((s) => actors.includes(s.actor))?.actor ?? null;
  const shown =
    picked !== null && picked.at === at && actors.includes(picked.actor)
      ? picked.actor
      : (following ?? lastActive ?? actors[0]);

  return (
    <div className={`lab-col lab-col-right lanes-tabbed lanes-${programs.length}`}>
      <div className="actor-tabs" role="tablist" aria-label={t('pg.actorsLabel')}>
        {programs.map(({ actor }) => {
          const blocked = view.blocked[actor];
          const open = socketsOf(view, actor).filter((s) => !s.closed);
          const isOn = actor === shown;
          const tone = blocked !== undefined ? 'blocked' : view.inCall[actor] !== undefined ? 'busy' : 'idle';
          return (
            <button
              key={actor}
              type="button"
              role="tab"
              aria-selected={isOn}
              className={`actor-tab lane-${actor}${isOn ? ' is-on' : ''} tone-${tone}`}
              data-testid="actor-tab"
              data-actor={actor}
              data-blocked={blocked !== undefined}
              title={
                blocked !== undefined
                  ? t('process.blockedIn', { actor: actorName(t, actor), call: blocked.syscall })
                  : undefined
              }
              onClick={() => setPicked({ actor, at })}
            >
              <span className="actor-tab-name">{actorName(t, actor)}</span>
              <span className="actor-tab-meta">
                {blocked !== undefined ? (
                  <span className="actor-tab-blocked">
                    <PauseIcon /> {blocked.syscall}()
                  </span>
                ) : open.length > 0 ? (
                  open.map((s) => `fd ${s.fd}`).join(' ')
                ) : (
                  '—'
                )}
              </span>
            </button>
          );
        })}
      </div>
      {programs.map((program) => (
        <div key={program.actor} className="actor-tab-panel" role="tabpanel" hidden={program.actor !== shown}>
          <Lane actor={program.actor} program={program} view={view} />
        </div>
      ))}
    </div>
  );
});

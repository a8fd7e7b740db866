import { findLesson } from '@socklab/lessons';
import { useEffect } from 'react';
import { ActorLanes } from './components/ActorLanes.tsx';
import { CenterTabs } from './components/CenterTabs.tsx';
import { Header } from './components/Header.tsx';
import { Lane } from './components/Lane.tsx';
import { Notices } from './components/Notices.tsx';
import { Stage } from './components/Stage.tsx';
import { StateDiagram } from './components/StateDiagram.tsx';
import { useMode } from './playground/modeStore.ts';
import { Playground } from './playground/Playground.tsx';
import { usePlayground } from './playground/usePlayground.ts';
import { useLab, useLabHead, useLabStore, useLabView } from './store/useLab.ts';
import { useLabControls } from './useLabControls.ts';

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));

export function App() {
  const store = useLabStore();
  const lang = useLab((s) => s.lang);
  const lessonId = useLab((s) => s.lessonId);
  const live = useLab((s) => s.live);
  const view = useLabView();
  const controls = useLabControls(useLabHead(view));
  const mode = useMode((s) => s.mode);
  const playground = usePlayground(controls.head);
  const lesson = view.lessonDef ?? findLesson(lessonId);
  const [first, ...others] = lesson?.programs ?? [];

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  // → or Space: step (or, when reviewing, move forward); ←: look back one step.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.repeat || typing(event.target)) return;
      const onButton = event.target instanceof HTMLButtonElement;
      if (event.key === 'ArrowRight' || (event.key === ' ' && !onButton)) {
        event.preventDefault();
        if (store.getState().live) controls.step();
        else store.getState().moveCursor(1);
      } else if (event.key === 'ArrowLeft') {
        event.preventDefault();
        store.getState().moveCursor(-1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [controls, store]);

  const { next, ended } = controls.head;
  return (
    <div
      className={`app${live ? '' : ' is-review'}`}
      data-testid="lab"
      data-lesson={controls.head.lesson?.id ?? ''}
      data-lesson-port={controls.head.lesson?.port ?? ''}
      data-next={ended !== null || next === null ? 'end' : (next ?? '')}
      data-busy={controls.awaiting}
      data-ended={ended !== null}
      data-mode={mode}
    >
      <Header view={controls.head} onLoad={controls.load} />
      {/* A refusal the playground explains beside the form needs no toast too. */}
      <Notices
        view={
          playground.refusal === null
            ? controls.head
            : { ...controls.head, errors: controls.head.errors.filter((e) => e.seq !== playground.refusal?.seq) }
        }
      />
      {mode === 'playground' ? (
        <Playground view={view} controls={playground} />
      ) : (
        <>
          <Stage view={view} controls={controls} />
          <main className="lab">
            {first !== undefined && (
              <div className="lab-col lab-col-left">
                <Lane actor={first.actor} program={first} view={view} />
              </div>
            )}
            {/* Every other program (one client, or several) shares the right column. */}
            {others.length > 0 && <ActorLanes programs={others} view={view} />}
            <StateDiagram view={view} />
            <CenterTabs view={view} />
          </main>
        </>
      )}
    </div>
  );
}

import { findLesson } from '@socklab/lessons';
import { useEffect } from 'react';
import { Header } from './components/Header.tsx';
import { KernelTable } from './components/KernelTable.tsx';
import { Lane } from './components/Lane.tsx';
import { Notices } from './components/Notices.tsx';
import { Stage } from './components/Stage.tsx';
import { Timeline } from './components/Timeline.tsx';
import { useLab, useLabStore, useLabView } from './store/useLab.ts';
import { useLabControls } from './useLabControls.ts';

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));

export function App() {
  const store = useLabStore();
  const lang = useLab((s) => s.lang);
  const lessonId = useLab((s) => s.lessonId);
  const live = useLab((s) => s.live);
  const view = useLabView();
  const controls = useLabControls();
  const lesson = view.lessonDef ?? findLesson(lessonId);
  const actors = lesson?.programs ?? [];

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
    >
      <Header view={controls.head} onLoad={controls.load} />
      <Notices view={controls.head} lang={lang} />
      <Stage view={view} controls={controls} lang={lang} />
      <main className="lab">
        {actors.map((program, i) => (
          <div key={program.actor} className={`lab-col lab-col-${i === 0 ? 'left' : 'right'}`}>
            <Lane actor={program.actor} program={program} view={view} lang={lang} />
          </div>
        ))}
        <div className="lab-col lab-col-center">
          <Timeline view={view} lang={lang} />
          {view.kernelTable !== null && <KernelTable table={view.kernelTable} lang={lang} />}
        </div>
      </main>
    </div>
  );
}

import { findLesson, loadLesson } from '@socklab/lessons';
import { useEffect, useMemo } from 'react';
import { StepMotion } from './animation/StepMotion.tsx';
import { useIsViewer, useRole } from './class/useIsViewer.tsx';
import { ActorLanes } from './components/ActorLanes.tsx';
import { CenterTabs } from './components/CenterTabs.tsx';
import { Header } from './components/Header.tsx';
import { Lane } from './components/Lane.tsx';
import { Notices } from './components/Notices.tsx';
import { Stage, whereOf } from './components/Stage.tsx';
import { StateDiagram } from './components/StateDiagram.tsx';
import { useStrings } from './i18n/useStrings.ts';
import { LoadStage } from './load/LoadStage.tsx';
import { useMode } from './playground/modeStore.ts';
import { Playground } from './playground/Playground.tsx';
import { usePlayground } from './playground/usePlayground.ts';
import { prefsStore, usePrefs } from './prefs/prefsStore.ts';
import { useThemeOnRoot } from './prefs/useRoomPrefs.ts';
import { DropOverlay } from './replay/DropOverlay.tsx';
import { ReplayLanding } from './replay/ReplayLanding.tsx';
import { type Arrival, useAddress } from './replay/useAddress.ts';
import { useRecordingDrop } from './replay/useRecordingDrop.ts';
import { useLab, useLabHead, useLabStore, useLabView } from './store/useLab.ts';
import { useLabControls } from './useLabControls.ts';

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));

const nowhere: Arrival = { place: {}, recording: null };

export function App({ arrival = nowhere }: { arrival?: Arrival }) {
  const store = useLabStore();
  const lang = useLab((s) => s.lang);
  const lessonId = useLab((s) => s.lessonId);
  const live = useLab((s) => s.live);
  const cursor = useLab((s) => s.cursor);
  const t = useStrings();
  const view = useLabView();
  const controls = useLabControls(useLabHead(view));
  const viewer = useIsViewer();
  const { role } = useRole();
  const chosenMode = useMode((s) => s.mode);
  // A class viewer shows what the teacher runs: the playground when the followed run is one.
  const mode = viewer ? (controls.head.lesson?.id === 'playground' ? 'playground' : 'lessons') : chosenMode;
  const playground = usePlayground(controls.head);
  const lesson = view.lessonDef ?? findLesson(lessonId);
  const programs = lesson?.programs;
  const first = programs?.[0];
  // One array per lesson: the lanes are memoized on it.
  const others = useMemo(() => programs?.slice(1) ?? [], [programs]);
  const backend = useLab((s) => s.backend);
  const replay = useLab((s) => s.replay !== null);
  const dragging = useRecordingDrop(store);
  useAddress(arrival, controls);
  const presenter = usePrefs((s) => s.presenter);
  useThemeOnRoot();

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  // Space: step (from the past, at the head). → steps at the head, walks forward in the past;
  // ← walks back; Home: before the first step; End: now.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
      const onButton = event.target instanceof HTMLButtonElement;
      const s = store.getState();
      const go = (move: () => void) => {
        event.preventDefault();
        // Holding ← or → walks on through the past; a held key never runs a real call.
        if (!event.repeat || (event.key !== ' ' && !(event.key === 'ArrowRight' && s.live))) move();
      };
      if (event.key === ' ' && !onButton) go(controls.step);
      else if (event.key === 'ArrowRight') go(s.live ? controls.step : () => s.moveCursor(1));
      else if (event.key === 'ArrowLeft') go(() => s.moveCursor(-1));
      else if (event.key === 'Home') go(() => s.seekStep(0));
      else if (event.key === 'End') go(s.goLive);
      else if ((event.key === 'p' || event.key === 'P') && !event.repeat) {
        event.preventDefault();
        prefsStore.getState().togglePresenter();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [controls, store]);

  const { next, ended } = controls.head;
  // No socklab server behind the page and no recording yet: say so, and offer to open one.
  if (!backend && !replay) {
    return (
      <div className="replay-page" data-testid="lab" data-replay="landing">
        <Header view={controls.head} onLoad={controls.load} />
        <ReplayLanding />
        {dragging && <DropOverlay />}
      </div>
    );
  }
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
      data-role={role}
      data-cursor={cursor}
      data-live={live}
      data-shown-step={view.current === null ? 0 : view.current.index + 1}
      data-replay={replay}
      data-presenter={presenter}
      // The presenter layout puts the lane of the step's program beside the diagram.
      data-step-actor={view.current === null || view.current.actor === first?.actor ? 'first' : 'other'}
    >
      <Header view={controls.head} onLoad={controls.load} />
      {dragging && <DropOverlay />}
      {/* A refusal the playground explains beside the form needs no toast too. */}
      <Notices
        past={whereOf(t, view)}
        view={
          playground.refusal === null
            ? controls.head
            : { ...controls.head, errors: controls.head.errors.filter((e) => e.seq !== playground.refusal?.seq) }
        }
      />
      {mode === 'playground' ? (
        <Playground view={view} controls={playground} />
      ) : view.lesson?.id === loadLesson.id ? (
        // The load lesson is shown in aggregate: its samples and tally, not one step per call.
        <main className="lab lab-load">
          <LoadStage view={view} controls={controls} />
        </main>
      ) : (
        <main className="lab">
          <Stage view={view} controls={controls} />
          {first !== undefined && (
            <div className="lab-col lab-col-left">
              <Lane actor={first.actor} program={first} view={view} />
            </div>
          )}
          {/* Every other program (one client, or several) shares the right column. */}
          {others.length > 0 && <ActorLanes programs={others} view={view} />}
          <StateDiagram view={view} />
          <CenterTabs view={view} />
          <StepMotion view={view} />
        </main>
      )}
    </div>
  );
}

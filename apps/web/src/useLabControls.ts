import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { settleMotion } from './animation/settle.ts';
import { useIsViewer } from './class/useIsViewer.tsx';
import { useConnection } from './connection/ConnectionProvider.tsx';
import { usePendingPrediction } from './predict/usePredict.ts';
import { isAwaitingStep, speedDelayMs } from './store/labStore.ts';
import { useLab, useLabStore, useLog } from './store/useLab.ts';
import type { LabHead } from './view/viewAt.ts';

/**
 * How long a step runs before the controls say so (Step disabled, `aria-busy`). An answer
 * within it (nearly every step) is drawn straight away with no frame of "busy" before it:
 * drawing that frame (the whole app again, its style, layout and paint) came in the answer's
 * way. Meanwhile a second Step does nothing. As the playground's `runningAfterMs`.
 */
export const busyAfterMs = 100;

export type LabControls = {
  /** The lab at the head of the log, whatever the cursor shows. */
  head: LabHead;
  /** A step left and is not answered yet, as the latest render saw it (a press of Step renders nothing: `busyAfterMs`). */
  awaiting: boolean;
  canStep: boolean;
  /** The next step's actor is blocked in a call, and the step does not wait for it: nothing can run. */
  stuck: { actor: string; syscall: string } | null;
  canPlay: boolean;
  canReset: boolean;
  step: () => void;
  reset: () => void;
  togglePlay: () => void;
  /** Loads the selected lesson with the selected port (restarting it). */
  load: () => void;
};

/**
 * Loads the selected lesson with the selected port, live (restarting it): a
 * replay is left, and a comparison with a recording of another lesson ends.
 */
export function useLoadLesson(): () => void {
  const store = useLabStore();
  const { send } = useConnection();
  return useCallback(() => {
    const s = store.getState();
    const { lessonId, port } = s;
    // Picking a lesson in a replay goes back to the live session.
    s.leaveReplay();
    s.setPlaying(false);
    s.goLive();
    if (s.expected !== null && s.expected.lesson !== lessonId) s.stopComparing();
    send({ type: 'lesson.load', lesson: lessonId, params: { port } });
  }, [send, store]);
}

/**
 * Drives the lesson from the head of the log (`useLabHead`): step, play, reset,
 * loading the selected lesson once per session. In a replay, Step and Play walk
 * the recording forward and Reset goes back before its first step: nothing is sent.
 */
export function useLabControls(head: LabHead): LabControls {
  const store = useLabStore();
  const { status, send } = useConnection();
  const { log } = useLog();
  // Read, not subscribed: a press of Step draws nothing. The answer renders (the log grows), or
  // `late` does once the step ran `busyAfterMs` without one.
  const stepSentAt = store.getState().stepSentAt;
  const [, setLate] = useState<number | null>(null);
  const playing = useLab((s) => s.playing);
  const speed = useLab((s) => s.speed);
  const replay = useLab((s) => s.replay !== null);
  const live = useLab((s) => s.live);
  const cursor = useLab((s) => s.cursor);
  const awaiting = isAwaitingStep({ log, stepSentAt });
  // A class viewer follows the teacher: it steps, plays, resets and loads nothing.
  const viewer = useIsViewer();
  const open = status === 'open' && !viewer;
  const atEnd = head.ended !== null || head.next === null;
  const nextStep = typeof head.next === 'number' ? head.lessonDef?.steps[head.next] : undefined;
  const blockedIn = nextStep && !nextStep.wait ? head.blockedActors[nextStep.actor] : undefined;
  const stuckActor = nextStep && blockedIn ? nextStep.actor : null;
  const stuck = useMemo(
    () => (stuckActor !== null && blockedIn ? { actor: stuckActor, syscall: blockedIn } : null),
    [stuckActor, blockedIn],
  );
  // Predict mode: the next step runs once the learner said what it will do.
  const asking = usePendingPrediction(head) !== null;
  const canStep = replay
    ? !live
    : open &&
      head.lesson !== null &&
      head.ready &&
      typeof head.next === 'number' &&
      !awaiting &&
      !atEnd &&
      !stuck &&
      !asking;
  const canPlay = replay ? !live : open && head.lesson !== null && !atEnd;
  const canReset = replay || (open && head.lesson !== null);

  const step = useCallback(() => {
    // One step at a time: while the latest one has no answer, Step does nothing.
    if (!canStep || isAwaitingStep(store.getState())) return;
    // The last step's motion ends now: the new step's work does not share its frames with it.
    settleMotion();
    const s = store.getState();
    if (s.replay !== null) {
      s.moveCursor(1);
      return;
    }
    if (!s.live) s.goLive();
    // send() first appends what already arrived: the answer is what comes after.
    send({ type: 'lesson.step' });
    s.markStepSent();
    const sentAt = store.getState().stepSentAt;
    window.setTimeout(() => {
      const now = store.getState();
      if (now.stepSentAt === sentAt && isAwaitingStep(now)) setLate(sentAt);
    }, busyAfterMs);
  }, [canStep, send, store]);

  const reset = useCallback(() => {
    if (!canReset) return;
    store.getState().setPlaying(false);
    if (store.getState().replay !== null) {
      store.getState().seekStep(0);
      return;
    }
    store.getState().goLive();
    send({ type: 'lesson.reset' });
  }, [canReset, send, store]);

  const load = useLoadLesson();

  const togglePlay = useCallback(() => {
    const s = store.getState();
    if (s.playing) {
      s.setPlaying(false);
      return;
    }
    if (!canPlay) return;
    s.setPlaying(true);
    step();
  }, [canPlay, step, store]);

  // Each session starts without a lesson: load the selected one once the server said hello.
  const loadedFor = useRef<string | null>(null);
  const sessionId = head.hello?.sessionId ?? null;
  const hasLesson = head.lesson !== null;
  useEffect(() => {
    if (replay || !open || sessionId === null || hasLesson || loadedFor.current === sessionId) return;
    loadedFor.current = sessionId;
    load();
  }, [replay, open, sessionId, hasLesson, load]);

  // Play: one step each time the server is ready again, after the speed's delay; stop at the end.
  // A press of Step renders nothing, so the answer's render is the first to see that step's
  // `stepSentAt`: that is when the next step is due.
  // biome-ignore lint/correctness/useExhaustiveDependencies: stepSentAt marks the answered step (see above)
  useEffect(() => {
    if (!playing || replay) return;
    if (atEnd || !open) {
      store.getState().setPlaying(false);
      return;
    }
    if (!canStep) return;
    const timer = window.setTimeout(step, speedDelayMs[speed]);
    return () => window.clearTimeout(timer);
  }, [playing, replay, atEnd, open, canStep, step, speed, store, stepSentAt]);

  // A replay's Play: one move forward after each delay, until the end of the recording.
  // biome-ignore lint/correctness/useExhaustiveDependencies: each move (a new cursor) waits the delay again
  useEffect(() => {
    if (!playing || !replay) return;
    if (live) {
      store.getState().setPlaying(false);
      return;
    }
    const timer = window.setTimeout(() => store.getState().moveCursor(1), speedDelayMs[speed]);
    return () => window.clearTimeout(timer);
  }, [playing, replay, live, cursor, speed, store]);

  // One object while nothing in it changes: what takes the controls renders again only when they do.
  return useMemo(
    () => ({ head, awaiting, canStep, stuck, canPlay, canReset, step, reset, togglePlay, load }),
    [head, awaiting, canStep, stuck, canPlay, canReset, step, reset, togglePlay, load],
  );
}

import { useEffect, useRef, useState } from 'react';
import { useConnection } from '../connection/ConnectionProvider.tsx';
import type { LabStore } from '../store/labStore.ts';
import { useLabStore } from '../store/useLab.ts';
import { momentsOf, stepsRunAt } from '../view/moments.ts';
import { type ClassHistory, fetchHistory, keepPlace, readPlace, returnsToHistory } from './classHistory.ts';

/** A viewer's history: the run before the restart (null: none), whether it is shown, and how to show it. */
export type ClassHistoryView = { history: ClassHistory | null; shown: boolean; show: () => void };

// The history is shown as a recording: loaded from the file, under its name, at `step` (or its end).
function showHistory(store: LabStore, history: ClassHistory, step: number | null): void {
  const s = store.getState();
  s.loadRecording(history.recording, history.name);
  if (step === null) s.setCursor(store.getState().log.length);
  else s.seekStep(step);
}

/**
 * SPEC CLASS-7 for a viewer's page: on every connection it asks the class
 * listener for the run before the restart; when it watched the launch before
 * (or looked at the history), it is shown that run from its recording, at
 * the step it was on, or at its end following live, in which case the
 * teacher's next session takes it back to live. Where it is (launch, step,
 * live) is kept in sessionStorage as it moves.
 */
export function useClassHistory(): ClassHistoryView {
  const store = useLabStore();
  const { status, context } = useConnection();
  const [history, setHistory] = useState<ClassHistory | null>(null);
  const [shown, setShown] = useState(false);
  // The launch this connection reached; null until the class listener said it (nothing is kept meanwhile).
  const launch = useRef<string | null>(null);
  // Shown at its end while following live: the teacher's next session ends it.
  const follow = useRef(false);
  const current = useRef<ClassHistory | null>(null);
  // What was kept last, when it was "following live in launch L": then nothing new needs keeping.
  const kept = useRef<string | null>(null);
  const url = context.url;

  useEffect(() => {
    if (status !== 'open' || url === null) {
      launch.current = null;
      return;
    }
    let stopped = false;
    void fetchHistory(url).then((answer) => {
      if (stopped || answer === null) return;
      const place = readPlace();
      current.current = answer.history;
      setHistory(answer.history);
      if (answer.history !== null && returnsToHistory(place, answer.launch) && place !== null) {
        follow.current = place.live;
        showHistory(store, answer.history, place.live ? null : place.step);
      }
      launch.current = answer.launch;
    });
    return () => {
      stopped = true;
    };
  }, [status, url, store]);

  useEffect(
    () =>
      store.subscribe((s, before) => {
        const onHistory = s.replay !== null && s.replay.from === current.current?.name;
        setShown(onHistory);
        if (onHistory && follow.current && s.liveLog.length > 0) {
          follow.current = false;
          s.leaveReplay();
          return;
        }
        if (!onHistory) follow.current = false;
        if (launch.current === null || s.log.length === 0) return;
        const live = onHistory ? follow.current : s.live;
        // Following live, a new event changes nothing worth keeping: the step is counted only for a cursor of its own.
        if (live && before.live && s.replay === before.replay && kept.current === `${launch.current} live`) return;
        const step = live ? 0 : stepsRunAt(momentsOf(s.log), s.cursor);
        keepPlace({ launch: launch.current, onHistory, live, step });
        kept.current = live && !onHistory ? `${launch.current} live` : null;
      }),
    [store],
  );

  return {
    history,
    shown,
    show: () => {
      if (history === null) return;
      follow.current = false;
      showHistory(store, history, null);
    },
  };
}

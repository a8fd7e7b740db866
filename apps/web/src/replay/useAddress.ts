import { useEffect, useRef } from 'react';
import { useMode } from '../playground/modeStore.ts';
import { useLab, useLabStore, useMoments } from '../store/useLab.ts';
import type { LabControls } from '../useLabControls.ts';
import { stepsRunAt } from '../view/moments.ts';
import { loadRecordingUrl } from './loadRecording.ts';
import { type Place, placeHash } from './place.ts';

/** Where the page was opened: the place its hash named, and the recording its `?recording=` named. */
export type Arrival = { place: Place; recording: string | null };

/** Reads the arrival from an address (`?recording=…#step=5&lang=ko`). */
export function arrivalOf(search: string): string | null {
  const recording = new URLSearchParams(search).get('recording');
  return recording === null || recording === '' ? null : recording;
}

/**
 * Keeps the address saying where the page is (`#lesson=echo&step=7&lang=ko`
 * live, `?recording=…#step=5&lang=ko` in a replay), with `replaceState` as the
 * cursor moves; and lands where the page was opened: a replay link seeks to its
 * step, a live link runs the lesson up to it, one real step at a time, each
 * sent once the server is ready again.
 */
export function useAddress(arrival: Arrival, controls: LabControls): void {
  const store = useLabStore();
  const cursor = useLab((s) => s.cursor);
  const lang = useLab((s) => s.lang);
  const lessonId = useLab((s) => s.lessonId);
  const replay = useLab((s) => s.replay);
  const mode = useMode((s) => s.mode);
  const moments = useMoments();
  // A live link's step, until the lesson ran up to it (or cannot go on).
  const target = useRef(arrival.recording === null ? (arrival.place.step ?? null) : null);
  const landingLesson = useRef(lessonId);

  useEffect(() => {
    if (arrival.recording === null) return;
    const step = arrival.place.step;
    void loadRecordingUrl(store, arrival.recording, { credentials: 'same-origin' }).then((ok) => {
      if (ok && step !== undefined) store.getState().seekStep(step);
    });
  }, [arrival, store]);

  const { head, canStep, stuck, step } = controls;
  const ran = moments.steps.length;
  const atEnd = head.ended !== null || head.next === null;
  useEffect(() => {
    const want = target.current;
    if (want === null) return;
    // Another lesson picked before the link's step was reached: the link is done with.
    if (lessonId !== landingLesson.current) target.current = null;
    if (target.current === null || replay !== null || head.lesson?.id !== lessonId) return;
    if (ran >= want || (head.ready && atEnd) || stuck !== null) target.current = null;
    else if (canStep) step();
  }, [replay, head.lesson?.id, head.ready, lessonId, ran, atEnd, stuck, canStep, step]);

  useEffect(() => {
    const shown = stepsRunAt(moments, cursor);
    const place: Place =
      replay !== null
        ? { step: shown, lang }
        : mode === 'playground'
          ? { lang }
          : { lesson: head.lesson?.id ?? lessonId, step: shown, lang };
    const params = new URLSearchParams(window.location.search);
    if (replay?.link) params.set('recording', replay.link);
    else params.delete('recording');
    const search = params.toString();
    const address = `${window.location.pathname}${search === '' ? '' : `?${search}`}${placeHash(place)}`;
    // replaceState costs the page milliseconds (the browser records the entry): in a task of its
    // own after the frame that paints the step (a hidden tab paints none: at once); moves before
    // then write the address once.
    const write = () => {
      const now = `${window.location.pathname}${window.location.search}${window.location.hash}`;
      if (address !== now) window.history.replaceState(window.history.state, '', address);
    };
    let timer: number | undefined;
    const frame = document.hidden ? undefined : requestAnimationFrame(() => (timer = window.setTimeout(write, 0)));
    if (frame === undefined) timer = window.setTimeout(write, 0);
    return () => {
      if (frame !== undefined) cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, [moments, cursor, lang, lessonId, replay, mode, head.lesson?.id]);
}

import type { SocklabEvent } from '@socklab/protocol';
import type { LabStore } from './labStore.ts';

/** Gathers the events that arrive within one frame and appends them to the store together. */
export type FrameBatch = {
  push: (event: SocklabEvent) => void;
  /** Appends what is waiting now (before a command leaves, so it counts from the whole log). */
  flush: () => void;
};

// A hidden tab draws no frames: the events still go in, a little later.
const hiddenTabMs = 100;

/**
 * Whether `event` is the last of the server's answer to a command: a lesson is
 * ready for its next step (or ended), a command was refused, or a playground
 * call's kernel table (whole or as changes, SPEC TABLE-1) arrived (the playground's calls end with it). Nothing of
 * that answer is left to wait for, so it is shown at once instead of at the next frame.
 */
export function endsAnswer(event: SocklabEvent, inPlayground: boolean): boolean {
  switch (event.type) {
    case 'lesson.ready':
    case 'lesson.end':
    case 'error':
      return true;
    case 'kernel.table':
    case 'kernel.changes':
      return inPlayground && event.callId !== null;
    default:
      return false;
  }
}

/**
 * Batches `store.append` per animation frame: a step's events arrive as several
 * messages, and one update per frame renders them once instead of once each.
 * The last event of an answer (`endsAnswer`) appends the batch at once: the
 * step is on screen in the frame after it arrived, not one frame later.
 *
 * @example
 * const batch = createFrameBatch(store);
 * ws.onmessage = (m) => batch.push(JSON.parse(m.data));
 */
export function createFrameBatch(store: LabStore): FrameBatch {
  let waiting: SocklabEvent[] = [];
  let frame: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inPlayground = false;
  const flush = () => {
    if (frame !== null) cancelAnimationFrame(frame);
    if (timer !== null) clearTimeout(timer);
    frame = null;
    timer = null;
    const events = waiting;
    waiting = [];
    store.getState().appendMany(events);
  };
  return {
    push: (event) => {
      waiting.push(event);
      if (event.type === 'lesson.start') inPlayground = event.lesson === 'playground';
      if (endsAnswer(event, inPlayground)) {
        flush();
        return;
      }
      if (frame !== null) return;
      frame = requestAnimationFrame(flush);
      timer = setTimeout(flush, hiddenTabMs);
    },
    flush,
  };
}

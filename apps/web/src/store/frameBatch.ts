import type { SocklabEvent } from '@socklab/protocol';
import type { LabStore } from './labStore.ts';

/** Gathers the events that arrive within one frame and appends them to the store together. */
export type FrameBatch = {
  push: (event: SocklabEvent) => void;
  /** Appends what is waiting now (before a command leaves, so it counts from the whole log). */
  flush: () => void;
  /**
   * A command whose answer ends as `endsAnswer` says (a lesson step, a playground call) left:
   * its events wait for that end, for `answerWaitMs` at most, instead of for the next frame.
   */
  awaitAnswer: () => void;
};

// A hidden tab draws no frames: the events still go in, a little later.
const hiddenTabMs = 100;
/**
 * How long the events of an awaited answer wait for its end before they are shown as they are:
 * an answer the kernel keeps waiting (a timer, PACE-1) shows what came so far, a few frames late.
 */
export const answerWaitMs = 50;

/**
 * Whether `event` is the last of the server's answer to a command: a lesson is
 * ready for its next step (or ended), a command was refused, or a playground
 * call's kernel table arrived, whole or as its changes (the playground's calls end with it). Nothing of
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
 * step is on screen in the frame after it arrived, not one frame later; while
 * an answer is awaited (`awaitAnswer`), its first events wait for that last one
 * (`answerWaitMs` at most), so a step whose events span frames renders once.
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
  let awaiting = false;
  const flush = () => {
    awaiting = false;
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
      // An answer that has not ended yet is shown whole, once: one render, not one per frame it spans.
      if (awaiting) {
        timer ??= setTimeout(flush, answerWaitMs);
        return;
      }
      if (frame !== null) return;
      frame = requestAnimationFrame(flush);
      timer = setTimeout(flush, hiddenTabMs);
    },
    flush,
    awaitAnswer: () => {
      awaiting = true;
    },
  };
}

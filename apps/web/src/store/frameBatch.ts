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
 * Batches `store.append` per animation frame: a step's events arrive as several
 * messages, and one update per frame renders them once instead of once each.
 *
 * @example
 * const batch = createFrameBatch(store);
 * ws.onmessage = (m) => batch.push(JSON.parse(m.data));
 */
export function createFrameBatch(store: LabStore): FrameBatch {
  let waiting: SocklabEvent[] = [];
  let frame: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
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
      if (frame !== null) return;
      frame = requestAnimationFrame(flush);
      timer = setTimeout(flush, hiddenTabMs);
    },
    flush,
  };
}

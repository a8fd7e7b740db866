import type { LabStore } from '../store/labStore.ts';
import { createCheckpoints } from './checkpoints.ts';
import { createMomentsReader, type Moments } from './moments.ts';
import type { LabView } from './viewAt.ts';

/** What the UI derives from the store each time its log or cursor changes. */
export type LiveView = { derive: () => { view: LabView; moments: Moments } };

/**
 * Derives the view at the store's cursor and the latest lesson's moments, as
 * `useLabView` and `useMoments` do, outside React.
 *
 * @example
 * const live = createLiveView(store);
 * live.derive().view.calls.length
 */
export function createLiveView(store: LabStore): LiveView {
  const checkpoints = createCheckpoints();
  const moments = createMomentsReader();
  return {
    derive: () => {
      const { log, cursor } = store.getState();
      return { view: checkpoints.viewAt(log, cursor), moments: moments(log) };
    },
  };
}

import type { EventOf } from '@socklab/protocol';

/** One `load.sample` as the view keeps it. */
export type LoadSampleView = Omit<EventOf<'load.sample'>, 'type' | 'lesson'>;
/** The `load.tally` as the view keeps it. */
export type LoadTallyView = Omit<EventOf<'load.tally'>, 'type' | 'lesson'>;

/** The load lesson's aggregated kernel facts so far: every sample in order, and the tally once it came. */
export type LoadState = { samples: LoadSampleView[]; tally: LoadTallyView | null };

export const emptyLoad = (): LoadState => ({ samples: [], tally: null });

/** A copy that folding on does not change (samples are never changed once folded, only appended). */
export const copyLoad = (load: LoadState): LoadState => ({ samples: [...load.samples], tally: load.tally });

/** Folds one load event. */
export function foldLoad(load: LoadState, event: EventOf<'load.sample'> | EventOf<'load.tally'>): void {
  const { type: _type, lesson: _lesson, ...rest } = event;
  if (event.type === 'load.sample') load.samples.push(rest as LoadSampleView);
  else load.tally = rest as LoadTallyView;
}

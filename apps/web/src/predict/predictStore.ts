import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { Outcome, RunPredictions } from './predict.ts';

/** The learner's predictions, per lesson run (its id and the seq of its `lesson.start`), by step index. */
export type PredictState = {
  runs: Readonly<Record<string, RunPredictions>>;
  predict: (run: string, index: number, outcome: Outcome) => void;
};

/** The key of one lesson run: `hello@12`. */
export const runKey = (lesson: { id: string; seq: number }): string => `${lesson.id}@${lesson.seq}`;

/** Creates the predictions store (kept for the page's life; a new run of a lesson starts a new score). */
export function createPredictStore() {
  return createStore<PredictState>()((set) => ({
    runs: {},
    predict: (run, index, outcome) =>
      set((s) => ({ runs: { ...s.runs, [run]: { ...s.runs[run], [index]: outcome } } })),
  }));
}

export const predictStore = createPredictStore();

/** Selects from the predictions store. */
export function usePredictions<T>(selector: (state: PredictState) => T): T {
  return useStore(predictStore, selector);
}

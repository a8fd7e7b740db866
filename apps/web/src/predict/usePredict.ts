import { usePrefs } from '../prefs/prefsStore.ts';
import { useLab } from '../store/useLab.ts';
import type { LabHead } from '../view/viewAt.ts';
import { runKey, usePredictions } from './predictStore.ts';

/**
 * In predict mode, the next step of a live lesson waits for a prediction:
 * the step index to predict, or null when nothing is asked.
 */
export function usePendingPrediction(head: Pick<LabHead, 'lesson' | 'lessonDef' | 'next'>): number | null {
  const on = usePrefs((s) => s.predict);
  const replay = useLab((s) => s.replay !== null);
  const run = head.lesson === null ? null : runKey(head.lesson);
  const predicted = usePredictions((s) => (run === null ? undefined : s.runs[run]));
  if (!on || replay || run === null || head.lessonDef === null || typeof head.next !== 'number') return null;
  if (head.lessonDef.steps[head.next] === undefined) return null;
  return predicted?.[head.next] === undefined ? head.next : null;
}

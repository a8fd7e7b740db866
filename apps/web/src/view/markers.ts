import type { SocklabEvent } from '@socklab/protocol';
import { endOfStep, type Moments } from './moments.ts';

/** A marker on the scrubber: a lesson chapter (each step, named by its actor and call) or someone's note. */
export type Marker =
  | { kind: 'chapter'; cursor: number; seq: number; index: number; actor: string; syscall: string }
  | { kind: 'note'; cursor: number; seq: number; note: string; step: number | null };

/**
 * The latest lesson run's markers in `log`, in log order: a chapter at each
 * `lesson.step` (the moment it started), a note at each `marker` event (one
 * added while looking back, `at` a step, at the moment that step finished),
 * sorted by where they are placed.
 *
 * @example
 * markersOf(log, momentsOf(log)).filter((m) => m.kind === 'note').map((m) => m.note)
 */
export function markersOf(log: readonly SocklabEvent[], moments: Moments): Marker[] {
  const markers: Marker[] = [];
  for (let i = moments.start; i < log.length; i++) {
    const event = log[i]!;
    if (event.type === 'lesson.step') {
      markers.push({
        kind: 'chapter',
        cursor: i + 1,
        seq: event.seq,
        index: event.index,
        actor: event.actor,
        syscall: event.syscall,
      });
    } else if (event.type === 'marker') {
      const cursor = event.at ? endOfStep(moments, event.at.step, i + 1) : i + 1;
      markers.push({ kind: 'note', cursor, seq: event.seq, note: event.note, step: event.step });
    }
  }
  // Stable: a note placed back at a step comes after that step's chapter and earlier notes.
  return markers.sort((a, b) => a.cursor - b.cursor);
}

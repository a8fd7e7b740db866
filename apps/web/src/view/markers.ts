import type { SocklabEvent } from '@socklab/protocol';

/** A marker on the scrubber: a lesson chapter (each step, named by its actor and call) or someone's note. */
export type Marker =
  | { kind: 'chapter'; cursor: number; seq: number; index: number; actor: string; syscall: string }
  | { kind: 'note'; cursor: number; seq: number; note: string; step: number | null };

/**
 * The latest lesson run's markers in `log`, in log order: a chapter at each
 * `lesson.step` (the moment it started), a note at each `marker` event.
 *
 * @example
 * markersOf(log).filter((m) => m.kind === 'note').map((m) => m.note)
 */
export function markersOf(log: readonly SocklabEvent[], start: number): Marker[] {
  const markers: Marker[] = [];
  for (let i = start; i < log.length; i++) {
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
      markers.push({ kind: 'note', cursor: i + 1, seq: event.seq, note: event.note, step: event.step });
    }
  }
  return markers;
}

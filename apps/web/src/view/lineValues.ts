import type { LabView } from './viewAt.ts';

/** What one C line's call returned at the moment shown, and the variable the line stores it in. */
export type LineValue = {
  line: number;
  /** The C variable the line assigns (`Step.assigns`), or null: the line keeps no return value. */
  variable: string | null;
  /** The kernel's return value (`syscall.exit.ret`). */
  ret: number;
  /** The errno's name when the call failed (`ECONNREFUSED`), else null. */
  errno: string | null;
  /** The lesson step that made the call. */
  step: number;
};

/**
 * The values `actor`'s C lines hold at the moment `view` shows: for each line a step ran
 * on, the latest call's real return value (and errno), from the log at the cursor, so
 * stepping back changes them. A call still blocked has no value yet.
 *
 * @example
 * lineValuesOf(view, 'server').get(15) // { line: 15, variable: 'server_socket', ret: 3, errno: null, step: 0 }
 */
export function lineValuesOf(view: LabView, actor: string): ReadonlyMap<number, LineValue> {
  const values = new Map<number, LineValue>();
  const steps = view.lessonDef?.steps;
  if (steps === undefined) return values;
  for (const call of view.calls) {
    if (call.actor !== actor || call.step === null || call.exit === null) continue;
    const step = steps[call.step];
    if (step === undefined || step.actor !== actor) continue;
    const { ret, errno } = call.exit;
    values.set(step.line, {
      line: step.line,
      variable: step.assigns ?? null,
      ret,
      errno: ret < 0 ? (errno?.name ?? null) : null,
      step: call.step,
    });
  }
  return values;
}

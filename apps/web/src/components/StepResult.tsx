import { showCall, showReturn } from '@socklab/protocol';
import { memo } from 'react';
import { actorName } from '../i18n/strings.ts';
import { useStrings } from '../i18n/useStrings.ts';
import type { CallView, LabView } from '../view/viewAt.ts';

/** The call the step shown made (a step is one call), or null before the first step. */
export function callOfStep(view: LabView): CallView | null {
  const current = view.current;
  if (current === null) return null;
  for (let i = view.calls.length - 1; i >= 0; i--) {
    const call = view.calls[i]!;
    if (call.step === current.index && call.actor === current.actor) return call;
  }
  return null;
}

type Outcome = { kind: 'ok' | 'error' | 'blocked' | 'running' | 'refused'; text: string };

function outcomeOf(t: ReturnType<typeof useStrings>, call: CallView): Outcome {
  // The kernel's own answer, from the call's syscall.exit.
  if (call.exit !== null) return { kind: call.exit.errno === null ? 'ok' : 'error', text: showReturn(call.exit) };
  if (call.refused !== null) return { kind: 'refused', text: t('result.refused', { code: call.refused }) };
  if (call.blocked) return { kind: 'blocked', text: t('result.blocked') };
  return { kind: 'running', text: t('result.running') };
}

/** The step's call and what the kernel answered: `= 3`, `= -1 ECONNREFUSED (Connection refused)`, or blocked. */
export function StepResult({ view }: { view: LabView }) {
  const t = useStrings();
  const call = callOfStep(view);
  if (call === null) return null;
  const outcome = outcomeOf(t, call);
  return (
    <span className={`step-result is-${outcome.kind}`} data-testid="step-result" data-kind={outcome.kind}>
      {outcome.text}
    </span>
  );
}

/**
 * What a screen reader hears after each step: who made which call, with its real arguments,
 * and what the kernel answered. Silent while the call runs, so each step is said once.
 */
export const StepAnnouncer = memo(function StepAnnouncer({ view }: { view: LabView }) {
  const t = useStrings();
  const call = callOfStep(view);
  const outcome = call === null ? null : outcomeOf(t, call);
  const text =
    call === null || outcome === null || outcome.kind === 'running'
      ? ''
      : t('result.announce', { actor: actorName(t, call.actor), call: showCall(call.call), result: outcome.text });
  return (
    <p className="sr-only" aria-live="polite" aria-atomic="true" data-testid="step-announcer">
      {text}
    </p>
  );
});

import { useStrings } from '../i18n/useStrings.ts';
import { useLab } from '../store/useLab.ts';

/** Why the latest recording was not loaded, in one sentence; nothing when it loaded. */
export function RecordingProblemNote() {
  const t = useStrings();
  const problem = useLab((s) => s.recordingProblem);
  if (problem === null) return null;
  return (
    <p className="replay-problem" data-testid="recording-problem" data-kind={problem.kind} role="alert">
      {t(`replay.errors.${problem.kind}`, { from: problem.from, detail: problem.detail })}
    </p>
  );
}

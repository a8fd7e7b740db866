import { findLesson } from '@socklab/lessons';
import { useIsViewer } from '../class/useIsViewer.tsx';
import { useConnection } from '../connection/ConnectionProvider.tsx';
import { useStrings } from '../i18n/useStrings.ts';
import { useLab, useLabStore } from '../store/useLab.ts';
import { useLoadLesson } from '../useLabControls.ts';

/**
 * "Run again on this kernel": the shown lesson recording becomes the expected
 * trace and its lesson runs live (the normal run, the lesson's own port rule).
 * Only where a server runs lessons for this page, and for a lesson it knows.
 */
export function RerunButton() {
  const t = useStrings();
  const store = useLabStore();
  const load = useLoadLesson();
  const { status } = useConnection();
  const viewer = useIsViewer();
  const lesson = useLab((s) => findLesson(s.replay?.header.lesson ?? ''));
  const backend = useLab((s) => s.backend);
  if (!backend || viewer || lesson === undefined) return null;
  return (
    <button
      type="button"
      className="btn btn-primary"
      data-testid="rerun"
      disabled={status !== 'open'}
      title={t('compare.rerunHint')}
      onClick={() => {
        store.getState().expectRecording();
        load();
      }}
    >
      {t('compare.rerun')}
    </button>
  );
}

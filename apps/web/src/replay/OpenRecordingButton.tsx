import { useStrings } from '../i18n/useStrings.ts';
import { useLabStore } from '../store/useLab.ts';
import { loadRecordingFile } from './loadRecording.ts';

/** A file picker for a recording; the file is read here, in the browser (no path is ever sent anywhere). */
export function OpenRecordingButton({ onLoaded }: { onLoaded?: () => void }) {
  const t = useStrings();
  const store = useLabStore();
  return (
    <label className="replay-open">
      <input
        type="file"
        data-testid="recording-file"
        accept=".ndjson,.jsonl,.json,application/x-ndjson"
        onChange={async (e) => {
          const input = e.currentTarget;
          const file = input.files?.[0];
          if (file === undefined) return;
          if (await loadRecordingFile(store, file)) onLoaded?.();
          input.value = '';
        }}
      />
      <span>{t('replay.openFile')}</span>
    </label>
  );
}

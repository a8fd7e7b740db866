import { useStrings } from '../i18n/useStrings.ts';
import { useLab } from '../store/useLab.ts';
import { formatWhen } from './ReplayBanner.tsx';
import type { ListedRecording } from './recordingLists.ts';

/** A list of recordings, each with "Replay" (in this tab) and a download link. */
export function RecordingList({
  entries,
  onOpen,
}: {
  entries: readonly ListedRecording[];
  onOpen: (entry: ListedRecording) => void;
}) {
  const t = useStrings();
  const lang = useLab((s) => s.lang);
  return (
    <ul className="recording-list" data-testid="recording-list">
      {entries.map((entry) => {
        const when = entry.when === undefined ? '' : formatWhen(entry.when, lang);
        return (
          <li key={entry.name} data-testid="recording-entry" data-name={entry.name}>
            <span className="recording-name">{entry.name}</span>
            <span className="recording-meta">
              {entry.events === undefined
                ? t('replay.entry', { bytes: `${((entry.bytes ?? 0) / 1024).toFixed(1)} KiB`, when })
                : t('replay.entryStatic', { lesson: entry.lesson ?? '?', events: entry.events, when })}
            </span>
            <span className="recording-actions">
              <button type="button" className="replay-link" data-testid="recording-open" onClick={() => onOpen(entry)}>
                {t('replay.open')}
              </button>
              <a className="replay-link" href={entry.url} download={entry.name} data-testid="recording-download">
                {t('replay.download')}
              </a>
            </span>
          </li>
        );
      })}
    </ul>
  );
}

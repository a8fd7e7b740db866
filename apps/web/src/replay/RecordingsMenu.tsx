import './replay.css';
import { useState } from 'react';
import { FigureDownloads } from '../figure/FigureDownloads.tsx';
import { useStrings } from '../i18n/useStrings.ts';
import { useLab, useLabStore, useLog, useMoments } from '../store/useLab.ts';
import { loadRecordingUrl } from './loadRecording.ts';
import { OpenRecordingButton } from './OpenRecordingButton.tsx';
import { RecordingList } from './RecordingList.tsx';
import { type ListedRecording, serverRecordings } from './recordingLists.ts';

type Listing =
  | { state: 'loading' }
  | { state: 'failed'; reason: string }
  | { state: 'ready'; entries: ListedRecording[] };

/** The live run's recording, named by its `lesson.start`; null in a replay or when the server records none. */
function useRunRecording(): string | null {
  const { log } = useLog();
  const replay = useLab((s) => s.replay !== null);
  const { start } = useMoments();
  const event = replay ? undefined : log[start - 1];
  return event?.type === 'lesson.start' ? (event.recording ?? null) : null;
}

/** A link to the live run's recording file; it alone follows the log as it grows, not the whole menu. */
function DownloadRun() {
  const t = useStrings();
  const run = useRunRecording();
  return run === null ? null : (
    <a className="replay-primary" href={`/api/recordings/${run}`} download={run} data-testid="download-run">
      {t('replay.downloadRun')}
    </a>
  );
}

/** The header's menu of recordings: this run's file, the server's list (replay or download each), a file picker. */
export function RecordingsMenu() {
  const t = useStrings();
  const store = useLabStore();
  const [open, setOpen] = useState(false);
  const [listing, setListing] = useState<Listing>({ state: 'loading' });
  const refresh = () => {
    setListing({ state: 'loading' });
    serverRecordings().then(
      (entries) => setListing({ state: 'ready', entries }),
      (error: unknown) => setListing({ state: 'failed', reason: (error as Error).message }),
    );
  };
  return (
    <details
      className="recordings-menu"
      data-testid="recordings-menu"
      open={open}
      onToggle={(e) => {
        const nowOpen = e.currentTarget.open;
        setOpen(nowOpen);
        if (nowOpen) refresh();
      }}
    >
      <summary data-testid="recordings-button">{t('replay.menu')}</summary>
      <div className="recordings-popover">
        <DownloadRun />
        <FigureDownloads onHandout={() => setOpen(false)} />
        <OpenRecordingButton onLoaded={() => setOpen(false)} />
        <h2>{t('replay.menuTitle')}</h2>
        {listing.state === 'loading' ? (
          <p className="replay-quiet">{t('replay.menuLoading')}</p>
        ) : listing.state === 'failed' ? (
          <p className="replay-quiet">{t('replay.menuFailed', { reason: listing.reason })}</p>
        ) : listing.entries.length === 0 ? (
          <p className="replay-quiet">{t('replay.menuEmpty')}</p>
        ) : (
          <RecordingList
            entries={listing.entries}
            onOpen={(entry) =>
              void loadRecordingUrl(store, entry.url, { credentials: 'same-origin' }).then((ok) => {
                if (ok) setOpen(false);
              })
            }
          />
        )}
      </div>
    </details>
  );
}

import './replay.css';
import { useEffect, useState } from 'react';
import { useStrings } from '../i18n/useStrings.ts';
import { useLabStore } from '../store/useLab.ts';
import { loadRecordingUrl } from './loadRecording.ts';
import { OpenRecordingButton } from './OpenRecordingButton.tsx';
import { RecordingList } from './RecordingList.tsx';
import { RecordingProblemNote } from './RecordingProblemNote.tsx';
import { type ListedRecording, staticRecordings } from './recordingLists.ts';

/** The page served with no socklab server behind it: open a recording (picker, drop, the site's list). */
export function ReplayLanding() {
  const t = useStrings();
  const store = useLabStore();
  const [entries, setEntries] = useState<ListedRecording[] | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void staticRecordings(window.location.href).then((list) => {
      if (live) setEntries(list);
    });
    return () => {
      live = false;
    };
  }, []);
  return (
    <main className="replay-landing" data-testid="replay-landing">
      <h1>{t('replay.landingTitle')}</h1>
      <p>{t('replay.landingBody')}</p>
      <div className="replay-drop" data-testid="replay-drop">
        <OpenRecordingButton />
        <span>{t('replay.dropHere')}</span>
      </div>
      <RecordingProblemNote />
      <h2>{t('replay.landingList')}</h2>
      {entries === undefined ? (
        <p className="replay-quiet">{t('replay.menuLoading')}</p>
      ) : entries === null || entries.length === 0 ? (
        <p className="replay-quiet" data-testid="landing-no-list">
          {t('replay.landingNone')}
        </p>
      ) : (
        <RecordingList
          entries={entries}
          onOpen={(entry) => void loadRecordingUrl(store, entry.url, { credentials: 'same-origin' })}
        />
      )}
    </main>
  );
}

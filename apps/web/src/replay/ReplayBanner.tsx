import { FigureDownloads } from '../figure/FigureDownloads.tsx';
import { useStrings } from '../i18n/useStrings.ts';
import { useLab, useLabStore } from '../store/useLab.ts';
import { OpenRecordingButton } from './OpenRecordingButton.tsx';
import { RecordingProblemNote } from './RecordingProblemNote.tsx';
import { RerunButton } from './RerunButton.tsx';
import './replay.css';

/** A recording's `createdAt` in the reader's language; the text as it is when it is no date. */
export function formatWhen(iso: string, lang: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(lang === 'ko' ? 'ko-KR' : 'en-GB');
}

/** Says that the lab shows a recording, what its header says it was recorded with, and whether the file was cut. */
export function ReplayBanner() {
  const t = useStrings();
  const store = useLabStore();
  const replay = useLab((s) => s.replay);
  const backend = useLab((s) => s.backend);
  const lang = useLab((s) => s.lang);
  if (replay === null) return <RecordingProblemNote />;
  const { header } = replay;
  const facts = [
    t('replay.about', { lesson: header.lesson ?? '?', createdAt: formatWhen(header.createdAt, lang) }),
    header.socklab === undefined ? null : t('replay.version', { version: header.socklab }),
    header.platform === undefined ? null : t('replay.platform', header.platform),
    header.capabilities === undefined
      ? null
      : header.capabilities.capture
        ? t('replay.captureOn')
        : t('replay.captureOff'),
    t('replay.from', { from: replay.from }),
  ].filter((fact) => fact !== null);
  return (
    <section className="replay-banner" data-testid="replay-banner" aria-label={t('replay.badge')}>
      <div className="replay-banner-line">
        <span className="replay-badge">{t('replay.badge')}</span>
        <strong>{t('replay.title')}</strong>
        {/* With a server, its recordings menu opens files; without one, this does. */}
        {!backend && <OpenRecordingButton />}
        <RerunButton />
        {backend && (
          <button
            type="button"
            className="replay-link"
            data-testid="replay-leave"
            onClick={() => store.getState().leaveReplay()}
          >
            {t('replay.backToLive')}
          </button>
        )}
      </div>
      <ul className="replay-facts" data-testid="replay-facts">
        {facts.map((fact) => (
          <li key={fact}>{fact}</li>
        ))}
      </ul>
      <FigureDownloads />
      {(replay.truncated || !replay.ended) && (
        <p className="replay-cut" data-testid="replay-cut" role="status">
          {replay.truncated ? t('replay.cut', { count: replay.events }) : t('replay.unended', { count: replay.events })}
        </p>
      )}
      <RecordingProblemNote />
    </section>
  );
}

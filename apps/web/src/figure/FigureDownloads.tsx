import { useState } from 'react';
import { HandoutButton } from '../handout/HandoutButton.tsx';
import { useStrings } from '../i18n/useStrings.ts';
import { useLab, useLabStore } from '../store/useLab.ts';
import { downloadFigure } from './downloadFigure.ts';

/**
 * "Picture of this session": the figure `socklab export --svg` draws, of the
 * log shown (a live run or a replay), as SVG or PNG, for a slide; and the
 * printable handout of the run. `onHandout` is called when the handout opens.
 */
export function FigureDownloads({ onHandout }: { onHandout?: () => void }) {
  const t = useStrings();
  const store = useLabStore();
  const empty = useLab((s) => s.log.length === 0);
  const [problem, setProblem] = useState<string | null>(null);
  const save = (format: 'svg' | 'png') => {
    const { log, lang, replay, lessonId } = store.getState();
    const name = `socklab-${replay?.header.lesson ?? lessonId}`;
    setProblem(null);
    downloadFigure(log, { lang, format, name }).catch((error: unknown) => setProblem((error as Error).message));
  };
  return (
    <div className="figure-downloads" data-testid="figure-downloads">
      <span>{t('figure.download')}</span>
      {(['svg', 'png'] as const).map((format) => (
        <button
          key={format}
          type="button"
          className="replay-link"
          disabled={empty}
          data-testid={`figure-${format}`}
          onClick={() => save(format)}
        >
          {format.toUpperCase()}
        </button>
      ))}
      <HandoutButton {...(onHandout === undefined ? {} : { onOpen: onHandout })} />
      {problem !== null && (
        <span role="alert" className="replay-quiet">
          {t('figure.failed', { reason: problem })}
        </span>
      )}
    </div>
  );
}

import { useStrings } from '../i18n/useStrings.ts';

/** Shown while a file is dragged over the page: dropping it replays it. */
export function DropOverlay() {
  const t = useStrings();
  return (
    <div className="drop-overlay" aria-hidden="true">
      <p>{t('replay.dropping')}</p>
    </div>
  );
}

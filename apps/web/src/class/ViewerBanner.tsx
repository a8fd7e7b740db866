import { useConnection } from '../connection/ConnectionProvider.tsx';
import { useStrings } from '../i18n/useStrings.ts';
import { useLab, useLabStore } from '../store/useLab.ts';

/**
 * A viewer's banner: live (following the teacher), looking back (with Back to
 * live), waiting for the teacher, or disconnected; and, once the teacher
 * opened a new session, that it did.
 */
export function ViewerBanner() {
  const t = useStrings();
  const store = useLabStore();
  const live = useLab((s) => s.live);
  const hellos = useLab((s) => s.log.filter((e) => e.type === 'session.hello').length);
  const { status } = useConnection();
  const state = status !== 'open' ? 'offline' : hellos === 0 ? 'waiting' : live ? 'live' : 'past';
  return (
    <div
      className={`banner viewer-banner viewer-${state}`}
      data-testid="viewer-banner"
      data-state={state}
      role="status"
    >
      <span className="viewer-dot" aria-hidden="true" />
      <strong>{t(`class.viewer.${state}`)}</strong>
      {hellos > 1 && state === 'live' && <span className="viewer-note">{t('class.viewer.newSession')}</span>}
      {state === 'past' && (
        <button
          type="button"
          className="btn btn-primary viewer-live-button"
          data-testid="back-to-live"
          onClick={() => store.getState().goLive()}
        >
          {t('class.viewer.backToLive')}
        </button>
      )}
    </div>
  );
}

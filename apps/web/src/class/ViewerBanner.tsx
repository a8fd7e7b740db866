import { useMemo } from 'react';
import { useConnection } from '../connection/ConnectionProvider.tsx';
import { useStrings } from '../i18n/useStrings.ts';
import { useLab, useLabStore, useLog } from '../store/useLab.ts';
import { switchOwnLab } from './role.ts';
import { useClassHistory } from './useClassHistory.ts';
import { useRole } from './useIsViewer.tsx';

/** The statuses in which a class page does not reconnect. */
const stopped: ReadonlySet<string> = new Set(['ended', 'joinRefused', 'labRefused', 'tokenRefused']);

/**
 * A viewer's banner: live (following the teacher), looking back (with Back to
 * live), waiting for the teacher, disconnected, or showing the run before a
 * restart (SPEC CLASS-7, with "Before the restart" to go back to it); and,
 * once the teacher opened a new session, that it did.
 */
export function ViewerBanner() {
  const t = useStrings();
  const store = useLabStore();
  const live = useLab((s) => s.live);
  const { log, length } = useLog();
  // Counted when the log grows, not on every store update (a cursor move, a selection).
  // biome-ignore lint/correctness/useExhaustiveDependencies: the log grows in place; its length is what changes
  const hellos = useMemo(() => log.filter((e) => e.type === 'session.hello').length, [log, length]);
  const { status } = useConnection();
  const { canOpenLab } = useRole();
  const history = useClassHistory();
  const teacherLive = useLab((s) => s.liveLog.length > 0);
  // A page that stopped for good says why in its own banner (Notices): "trying again" would be untrue.
  if (stopped.has(status)) return null;
  const state =
    status !== 'open' ? 'offline' : history.shown ? 'history' : hellos === 0 ? 'waiting' : live ? 'live' : 'past';
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
      {state === 'history' && <span className="viewer-note">{t('class.history.note')}</span>}
      {state === 'history' && teacherLive && <span className="viewer-note">{t('class.viewer.historyLive')}</span>}
      {history.history !== null && !history.shown && status === 'open' && (
        <button
          type="button"
          className="btn viewer-history-button"
          data-testid="before-restart"
          title={t('class.history.showHint')}
          onClick={history.show}
        >
          {t('class.history.show')}
        </button>
      )}
      {(state === 'past' || (state === 'history' && teacherLive)) && (
        <button
          type="button"
          className="btn btn-primary viewer-live-button"
          data-testid="back-to-live"
          onClick={() => (state === 'past' ? store.getState().goLive() : store.getState().leaveReplay())}
        >
          {t('class.viewer.backToLive')}
        </button>
      )}
      {canOpenLab && (
        <button
          type="button"
          className="btn own-lab-button"
          data-testid="open-own-lab"
          title={t('class.lab.openHint')}
          onClick={() => switchOwnLab(true)}
        >
          {t('class.lab.open')}
        </button>
      )}
    </div>
  );
}

/** A student's own lab: whose it is, that nobody else's network is reachable from it, and the way back to the class. */
export function OwnLabBanner() {
  const t = useStrings();
  return (
    <div className="banner own-lab-banner" data-testid="own-lab-banner" role="status">
      <strong>{t('class.lab.title')}</strong>
      <span>{t('class.lab.note')}</span>
      <button
        type="button"
        className="btn own-lab-button"
        data-testid="follow-teacher"
        onClick={() => switchOwnLab(false)}
      >
        {t('class.lab.follow')}
      </button>
    </div>
  );
}

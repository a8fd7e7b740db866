import { memo, useState } from 'react';
import { useIsViewer, useRole } from '../class/useIsViewer.tsx';
import { OwnLabBanner, ViewerBanner } from '../class/ViewerBanner.tsx';
import { useConnection } from '../connection/ConnectionProvider.tsx';
import type { ConnectionStatus } from '../connection/connectionMachine.ts';
import { useStrings } from '../i18n/useStrings.ts';
import { ReplayBanner } from '../replay/ReplayBanner.tsx';
import { useLab, useLabStore } from '../store/useLab.ts';
import type { LabHead } from '../view/viewAt.ts';
import { CloseIcon } from './icons.tsx';

/** Why a page stopped connecting for good, by status: each says it in a banner of its own. */
const stopped: Partial<
  Record<
    ConnectionStatus,
    { testId: string; text: 'tokenRefused' | 'class.ended' | 'class.joinRefused' | 'class.labRefused' }
  >
> = {
  tokenRefused: { testId: 'token-refused', text: 'tokenRefused' },
  ended: { testId: 'class-ended', text: 'class.ended' },
  joinRefused: { testId: 'class-join-refused', text: 'class.joinRefused' },
  labRefused: { testId: 'class-lab-refused', text: 'class.labRefused' },
};

/** Server errors, the reconnect notice and, when the view shows the past, which moment it shows (`past`). */
export const Notices = memo(function Notices({ view, past }: { view: LabHead; past: string }) {
  const t = useStrings();
  const { status, context } = useConnection();
  const store = useLabStore();
  const live = useLab((s) => s.live);
  const viewer = useIsViewer();
  const { role } = useRole();
  // A replay has its own banner; a page without a server needs no token.
  const replay = useLab((s) => s.replay !== null);
  const backend = useLab((s) => s.backend);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const dismiss = (key: string) => setDismissed((d) => new Set(d).add(key));
  const sessionKey = `session-${context.sessions}`;
  const errors = view.errors.filter((e) => !dismissed.has(`error-${view.hello?.sessionId}-${e.seq}`)).slice(-3);

  return (
    <div className="banners">
      <ReplayBanner />
      {status === 'noToken' && backend && (
        <div className="banner banner-error" role="alert" data-testid="no-token">
          {t('noToken')}
        </div>
      )}
      {stopped[status] && (
        <div className="banner banner-error" role="alert" data-testid={stopped[status].testId}>
          {t(stopped[status].text)}
        </div>
      )}
      {/* A class viewer's banner says live or looking back itself (a viewer has no Step). */}
      {viewer && <ViewerBanner />}
      {role === 'lab' && <OwnLabBanner />}
      {!live && !viewer && !replay && (
        <div className="banner banner-review" data-testid="review-banner" role="status">
          <span>{t('travel.past', { where: past })}</span>
          <button type="button" className="link-button" onClick={() => store.getState().goLive()}>
            {t('travel.now')}
          </button>
        </div>
      )}
      <div className="toasts" aria-live="assertive">
        {context.sessions > 1 && !dismissed.has(sessionKey) && (
          <div className="toast toast-info" data-testid="reconnected-notice" role="status">
            <p>{t('reconnected')}</p>
            <button type="button" className="toast-close" aria-label={t('dismiss')} onClick={() => dismiss(sessionKey)}>
              <CloseIcon />
            </button>
          </div>
        )}
        {errors.map((error) => (
          <div
            key={error.seq}
            className="toast toast-error"
            data-testid="error-toast"
            data-code={error.code}
            role="alert"
          >
            <p>
              <strong>{t('serverError')}</strong> <code>{error.code}</code>
              <br />
              {error.message}
            </p>
            <button
              type="button"
              className="toast-close"
              aria-label={t('dismiss')}
              onClick={() => dismiss(`error-${view.hello?.sessionId}-${error.seq}`)}
            >
              <CloseIcon />
            </button>
          </div>
        ))}
      </div>
    </div>
  );
});

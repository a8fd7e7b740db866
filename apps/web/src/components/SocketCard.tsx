import { isApiState } from '@socklab/lifecycle';
import { type Address, formatAddress } from '@socklab/protocol';
import { memo } from 'react';
import type { Strings } from '../i18n/strings.ts';
import { useStrings } from '../i18n/useStrings.ts';
import { shownRole } from '../view/shownRole.ts';
import { tcpTone } from '../view/tcpTone.ts';
import type { SocketView } from '../view/viewAt.ts';
import { ArrowBothIcon } from './icons.tsx';

/** The human label of an API state, or the state itself when lifecycle does not know it. */
export function apiLabel(t: Strings, state: string): string {
  return isApiState(state) ? t(`api.${state}`) : state;
}

const addressOf = (address: Address | null) => (address === null ? null : formatAddress(address));

type CardProps = {
  socket: SocketView;
  /** The state diagram follows this socket. */
  selected?: boolean;
  /** Selects the socket (its id): one callback for every card, so an unchanged card does not render again. */
  onSelect?: (socket: string) => void;
};

/** One socket: fd, name, role, API and TCP state, addresses, queues; it renders again only when they change. */
export const SocketCard = memo(function SocketCard({ socket, selected = false, onSelect }: CardProps) {
  const t = useStrings();
  const local = addressOf(socket.local);
  const remote = addressOf(socket.remote);
  const isListener = socket.role === 'listener';
  const role = shownRole(socket);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the variable name is the card's keyboard-reachable button
    <article
      className={`socket-card role-${socket.role}${socket.closed ? ' is-closed' : ''}${selected ? ' is-selected' : ''}`}
      data-testid="socket-card"
      data-fd={socket.fd}
      data-socket={socket.id}
      data-tcp={socket.tcp ?? 'none'}
      data-api={socket.api}
      data-closed={socket.closed}
      data-selected={selected}
      aria-label={`fd ${socket.fd} ${socket.name ?? ''}`}
      onClick={onSelect === undefined ? undefined : () => onSelect(socket.id)}
    >
      <div className="socket-head">
        <div className="fd" title={t('fdTitle')}>
          <small>fd</small>
          {socket.fd}
        </div>
        <div className="socket-ident">
          {onSelect === undefined ? (
            <code className="var-name">{socket.name ?? socket.id}</code>
          ) : (
            <button
              type="button"
              className="var-name select-socket"
              title={t('selectSocket')}
              aria-pressed={selected}
              onClick={(event) => {
                event.stopPropagation();
                onSelect(socket.id);
              }}
            >
              {socket.name ?? socket.id}
            </button>
          )}
          <span className="role" title={role === 'undecided' ? t('role.undecidedTitle') : undefined}>
            {t(`role.${role}`)}
            {selected && <span className="followed"> · {t('diagram.followed')}</span>}
          </span>
        </div>
        <span key={socket.tcp ?? 'none'} className={`tcp-badge tone-${tcpTone(socket.tcp)}`} title={t('tcpState')}>
          {socket.tcp ?? t('tcpClosedFd')}
        </span>
      </div>
      <dl className="socket-facts">
        <div className="fact-api">
          <dt>{t('apiState')}</dt>
          <dd key={socket.api} className="api-state">
            {apiLabel(t, socket.api)}
          </dd>
        </div>
        <div className="fact-addr">
          <dt>
            {t('local')} ↔ {t('remote')}
          </dt>
          <dd className="addr">
            <span>{local ?? t('none')}</span>
            <ArrowBothIcon className="arrow" />
            <span>{remote ?? t('none')}</span>
          </dd>
        </div>
        <div className="fact-queues">
          <dt>{isListener ? t('acceptQueue') : 'Recv-Q / Send-Q'}</dt>
          <dd className="queues">
            {isListener ? (
              <QueueMeter used={socket.acceptQueue} size={socket.backlog} />
            ) : (
              <>
                <span className="q" data-q="recv">
                  {socket.recvQ ?? t('none')}
                </span>
                <span className="q-sep">/</span>
                <span className="q" data-q="send">
                  {socket.sendQ ?? t('none')}
                </span>
              </>
            )}
          </dd>
        </div>
      </dl>
    </article>
  );
});

function QueueMeter({ used, size }: { used: number | null; size: number | null }) {
  if (used === null || size === null) return <span className="q">—</span>;
  const slots = Math.min(size, 12);
  return (
    <span className="queue-meter" title={`${used} / ${size}`}>
      <span className="slots" aria-hidden="true">
        {Array.from({ length: slots }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: slots are positions
          <i key={i} className={i < used ? 'full' : ''} />
        ))}
      </span>
      <span className="q">
        {used} / {size}
      </span>
    </span>
  );
}

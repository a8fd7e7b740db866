import type { Strings } from '../i18n/strings.ts';
import { shortAddress } from '../view/format.ts';
import type { EndpointView, LabView } from '../view/viewAt.ts';

/** How to name an endpoint: the C variable when a socket of the lab holds it, its addresses otherwise. */
export type EndpointLabel = {
  name: string;
  /** `fd 5`, `no fd`, `another program`. */
  detail: string;
  /** Why it has no fd: `in the accept queue`, `kept by the kernel`; null when that needs no word. */
  note: string | null;
  actor: string | null;
};

/**
 * Names an endpoint for the diagram and its chips.
 *
 * @example
 * endpointLabel(view, endpoint, stringsFor('en')) // { name: 'client_socket', detail: 'fd 5', actor: 'server' }
 */
export function endpointLabel(view: LabView, endpoint: EndpointView, t: Strings): EndpointLabel {
  const socket = endpoint.socket === null ? undefined : view.sockets.find((s) => s.id === endpoint.socket);
  const ends = `${shortAddress(endpoint.local) ?? '?'} ↔ ${shortAddress(endpoint.remote) ?? '*'}`;
  if (endpoint.owner === 'outside') return { name: ends, detail: t('endpoint.outside'), note: null, actor: null };
  if (socket !== undefined) {
    const name = socket.name ?? socket.id;
    if (endpoint.open) return { name, detail: t('endpoint.fd', { fd: socket.fd }), note: null, actor: socket.actor };
    if (endpoint.inKernel) return { name, detail: t('endpoint.noFd'), note: t('endpoint.orphan'), actor: socket.actor };
    return {
      name,
      detail: `${t('endpoint.fd', { fd: socket.fd })} · ${t('tcpClosedFd')}`,
      note: null,
      actor: socket.actor,
    };
  }
  const queued = endpoint.origin === 'LISTEN' && endpoint.inKernel;
  return { name: ends, detail: t('endpoint.noFd'), note: queued ? t('endpoint.queued') : null, actor: endpoint.actor };
}

/** The colour family of an actor: the server, a client (any of them), or another program (null). */
export function actorTone(actor: string | null): 'server' | 'client' | 'outside' {
  return actor === null ? 'outside' : actor === 'server' ? 'server' : 'client';
}

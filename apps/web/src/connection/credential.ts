import { fromPromise } from 'xstate';

/** What the server says of a tab's credential: it holds, it is refused (a new launch), or no server answered. */
export type CredentialAnswer = 'ok' | 'refused' | 'unreachable';

/**
 * The `/api/session` address that checks the credential of a WebSocket
 * address: its `?token=` if it has one, else the browser's cookie.
 *
 * @example
 * sessionCheckUrl('ws://127.0.0.1:7077/ws?token=abc'); // 'http://127.0.0.1:7077/api/session?token=abc'
 */
export function sessionCheckUrl(webSocketUrl: string): string {
  const url = new URL(webSocketUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  url.pathname = '/api/session';
  url.hash = '';
  return url.toString();
}

/**
 * Asks the server whether the tab's credential still opens a session: 204
 * yes, 403 refused (the server was started again, with a new token), and
 * no answer at all (the server is down) is `unreachable`.
 */
export async function checkCredential(webSocketUrl: string): Promise<CredentialAnswer> {
  try {
    const res = await fetch(sessionCheckUrl(webSocketUrl), { credentials: 'same-origin', cache: 'no-store' });
    if (res.status === 204) return 'ok';
    return res.status === 403 ? 'refused' : 'unreachable';
  } catch {
    return 'unreachable';
  }
}

/** `checkCredential` as the connection machine's actor. */
export const credentialActor = fromPromise<CredentialAnswer, { url: string }>(({ input }) =>
  checkCredential(input.url),
);

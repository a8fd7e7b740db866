import type { ClassRefusal } from '@socklab/protocol';
import { fromPromise } from 'xstate';

/**
 * What the server says of a tab's credential: it holds, it is refused (a new
 * launch), or no server answered; for a class page, also: the teacher ended
 * this browser (`ended`), the join code is no longer this class's
 * (`joinRefused`), the lab token is not this launch's (`labRefused`).
 */
export type CredentialAnswer = 'ok' | 'refused' | 'unreachable' | 'ended' | 'joinRefused' | 'labRefused';

/** Whether a WebSocket address is a class page's (a viewer's `?view=` or a lab's `?lab=`), not the teacher's. */
function isClassUrl(url: URL): boolean {
  return url.searchParams.has('view') || url.searchParams.has('lab');
}

/**
 * The address that checks the credential of a WebSocket address: the
 * teacher's `/api/session` with its `?token=` if it has one, else the
 * browser's cookie; a class page's `/class/check` with its whole query
 * (token, seat, name).
 *
 * @example
 * sessionCheckUrl('ws://127.0.0.1:7077/ws?token=abc'); // 'http://127.0.0.1:7077/api/session?token=abc'
 * sessionCheckUrl('ws://192.168.1.20:7077/ws?view=v&seat=s'); // 'http://192.168.1.20:7077/class/check?view=v&seat=s'
 */
export function sessionCheckUrl(webSocketUrl: string): string {
  const url = new URL(webSocketUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  url.pathname = isClassUrl(url) ? '/class/check' : '/api/session';
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
    if (!isClassUrl(new URL(webSocketUrl))) return res.status === 403 ? 'refused' : 'unreachable';
    if (res.status !== 403 && res.status !== 400) return 'unreachable';
    return classAnswer(((await res.json().catch(() => ({}))) as Partial<ClassRefusal>).refused);
  } catch {
    return 'unreachable';
  }
}

/** What a class listener's refusal means for the page (`GET /class/check`, apps/server/src/class/classPages.ts). */
export function classAnswer(refused: ClassRefusal['refused'] | undefined): CredentialAnswer {
  if (refused === 'ended') return 'ended';
  if (refused === 'lab') return 'labRefused';
  // A refused name cannot come from this page's own join form; the join code is what to get again.
  return refused === 'join' || refused === 'name' ? 'joinRefused' : 'unreachable';
}

/** `checkCredential` as the connection machine's actor. */
export const credentialActor = fromPromise<CredentialAnswer, { url: string }>(({ input }) =>
  checkCredential(input.url),
);

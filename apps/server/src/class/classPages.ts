import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClassRefusal } from '@socklab/protocol';
import { classCredentialRefusal } from './classCredential.ts';
import type { Classroom } from './classroom.ts';
import { isRefusal, type MemberClaim, memberClaim } from './member.ts';

/** A class connection refused after its token held: a bad name or seat (400), or a seat the teacher ended (403). */
export type MemberRefusal = { status: 400 | 403; reason: string; body: ClassRefusal };

/**
 * Who a class connection says it is (its seat and display name), or why it
 * is refused: the claim does not hold (400), or the teacher ended this seat
 * (403, `ended`).
 */
export function memberOf(query: URLSearchParams, room: Classroom): MemberClaim | MemberRefusal {
  const claim = memberClaim(query);
  if (isRefusal(claim)) {
    const refused = claim.code === 'seat' ? 'join' : 'name';
    return { status: 400, reason: claim.message, body: { refused, code: claim.code, error: claim.message } };
  }
  if (room.isRevoked(claim.seat, query.has('lab') ? 'lab' : 'viewer')) {
    const error = query.has('lab')
      ? 'the teacher ended this browser’s lab: it may follow the class, not open a lab again'
      : 'the teacher ended this browser: it may not join this class again';
    return { status: 403, reason: error, body: { refused: 'ended', error } };
  }
  return claim;
}

/**
 * The class listener's own answers to a viewer's page (its Host already
 * checked), outside `/api` (which does not exist there):
 *
 * - `GET /class/check?view=V|lab=L[&seat=S][&name=N]`: 204 when that
 *   connection would be taken, else 403 or 400 with a `ClassRefusal`, so a
 *   page that cannot read a refused upgrade knows whether to stop.
 * - `GET /class/history?view=V[&seat=S]`: the recording of the last run
 *   before the restart (`x-socklab-recording` names it), or 204 when there is
 *   none.
 *
 * Both say the launch (`x-socklab-launch`): a page tells a restart from a reload by it.
 */
export function serveClassPage(req: IncomingMessage, res: ServerResponse, room: Classroom): void {
  const url = new URL(req.url ?? '/', 'http://placeholder');
  const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'x-socklab-launch': room.launch };
  const refuse = (status: number, body: ClassRefusal) =>
    res.writeHead(status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (url.pathname !== '/class/check' && url.pathname !== '/class/history') {
    res.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('not found\n');
    return;
  }
  if (req.method !== 'GET') {
    res.writeHead(405, { ...headers, allow: 'GET', 'content-type': 'text/plain' }).end('GET only\n');
    return;
  }
  const credential = classCredentialRefusal(url.searchParams, { view: room.token, lab: room.labToken });
  if (credential) {
    refuse(credential.status, { refused: credential.refused, error: credential.reason });
    return;
  }
  const member = memberOf(url.searchParams, room);
  if ('status' in member) {
    refuse(member.status, member.body);
    return;
  }
  const history = room.history;
  if (url.pathname === '/class/check' || history === null || url.searchParams.has('lab')) {
    res.writeHead(204, headers).end();
    return;
  }
  res
    .writeHead(200, {
      ...headers,
      'content-type': 'application/x-ndjson; charset=utf-8',
      'content-length': history.text.length,
      'x-socklab-recording': history.name,
    })
    .end(history.text);
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { shown } from '../logger.ts';
import { allowedOrigins, checkHost, hasCredential, type Refusal } from '../security.ts';
import { classInfo, issueNewJoinCode, type RunningClass } from './classMode.ts';

/** Where the teacher ends one member of the class: `DELETE /api/class/members/<id>`. */
const memberPath = /^\/api\/class\/members\/([0-9a-f]{12})$/;
/** Where the teacher ends everyone and issues a new join code: `POST /api/class/code`. */
const codePath = '/api/class/code';

/**
 * The teacher's class API on the control listener (SECURITY.md "Class mode"):
 * `GET /api/class` (join URL, QR code, caps and the roster) and
 * `DELETE /api/class/members/<id>` (ends that member and refuses its seat
 * from then on; 204, or 404 when it is not connected) and
 * `POST /api/class/code` (ends everyone and issues a new join code; 200 with
 * the class as `GET` tells it). All need a loopback Host and the launch token
 * or cookie; the DELETE and the POST also need the app's own Origin, so no
 * other page can send them.
 * Nothing of this exists on the class listener.
 */
export function serveClass(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  port: number,
  token: string,
  room: RunningClass | null,
): void {
  const [status, body] = classAnswer(req, path, port, token, room);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

function classAnswer(
  req: IncomingMessage,
  path: string,
  port: number,
  token: string,
  room: RunningClass | null,
): [number, unknown?] {
  const refusal: Refusal =
    checkHost(req, port) ??
    (hasCredential(req, port, token) ? null : { status: 403, reason: 'missing or wrong token' });
  if (refusal) return [403, { error: refusal.reason }];
  if (!room) return [404, { error: 'not in class mode (serve --class ADDRESS)' }];
  if (path === '/api/class') return req.method === 'GET' ? [200, classInfo(room)] : [405, { error: 'GET only' }];
  const member = memberPath.exec(path);
  if (path !== codePath && !member?.[1]) return [404, { error: 'no such class resource' }];
  const method = path === codePath ? 'POST' : 'DELETE';
  if (req.method !== method) return [405, { error: `${method} only` }];
  const origin = req.headers.origin;
  if (!origin || !allowedOrigins(port).has(origin.toLowerCase())) {
    return [403, { error: `origin ${shown(origin)} is not this app` }];
  }
  if (!member?.[1]) {
    issueNewJoinCode(room);
    return [200, classInfo(room)];
  }
  return room.room.end(member[1]) ? [204] : [404, { error: `no member ${member[1]} is connected` }];
}

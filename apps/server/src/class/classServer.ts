import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { renderSVG, renderUnicodeCompact } from 'uqr';
import { type WebSocket, WebSocketServer } from 'ws';
import { capHttpConnections, httpTimeouts } from '../httpConnections.ts';
import { serveStatic } from '../httpServer.ts';
import { type Logger, shown, throttled } from '../logger.ts';
import type { Refusal } from '../security.ts';
import type { Session } from '../session.ts';
import { hostOf } from './classAddress.ts';
import { type ClassTokens, classCredentialRefusal } from './classCredential.ts';
import { memberOf, serveClassPage } from './classPages.ts';
import type { ClassMember, Classroom } from './classroom.ts';

/** Largest frame a viewer may send (it is refused anyway). */
const viewerMaxPayload = 4 * 1024;

/** A running class listener. */
export type ClassListener = {
  address: string;
  port: number;
  /** The URL students open: the class address with the viewer token. */
  joinUrl: string;
  /** The URL that also offers "Open my own lab" (viewer and lab tokens); null without student labs. */
  labJoinUrl: string | null;
  close(): Promise<void>;
};

/** The class listener's cap on plain HTTP connections when none is given. */
export const defaultClassHttpConnections = 256;

/** What the teacher's UI is told of its class (`GET /api/class` on the control listener). */
export type ClassInfo = {
  address: string;
  joinUrl: string;
  qrSvg: string;
  viewers: number;
  maxViewers: number;
  /** Student labs: allowed (with the lab join URL, its QR code and the cap), or why not. */
  labs:
    | { allowed: true; joinUrl: string; qrSvg: string; open: number; max: number }
    | { allowed: false; reason: string };
  /** Who is connected, oldest first: the teacher's roster. */
  members: ClassMember[];
};

/** Which kind of class connection an accepted upgrade asked for: `?lab=` a student lab, else a viewer. */
export function classUpgradeKind(req: IncomingMessage): 'viewer' | 'lab' {
  return new URL(req.url ?? '/', 'http://placeholder').searchParams.has('lab') ? 'lab' : 'viewer';
}

/**
 * Checks a request on the class listener (SECURITY.md #11): Host exactly the
 * class address and port; for an upgrade, Origin exactly the class page,
 * path `/ws`, and either the viewer token in `?view=` or, where student labs
 * are allowed, the lab token in `?lab=` (never both). The launch token
 * (`?token=`) is never taken here, whatever its value.
 */
export function checkClassRequest(
  req: IncomingMessage,
  host: string,
  tokens: ClassTokens | string,
  upgrade: boolean,
): Refusal {
  if (req.headers.host?.toLowerCase() !== host) {
    return { status: 403, reason: `host ${shown(req.headers.host)} is not this class's address` };
  }
  if (!upgrade) return null;
  const origin = req.headers.origin;
  if (origin?.toLowerCase() !== `http://${host}`)
    return { status: 403, reason: `origin ${shown(origin)} is not this class` };
  const url = new URL(req.url ?? '/', 'http://placeholder');
  if (url.pathname !== '/ws') return { status: 403, reason: 'no WebSocket endpoint here' };
  const refusal = classCredentialRefusal(
    url.searchParams,
    typeof tokens === 'string' ? { view: tokens, lab: null } : tokens,
  );
  return refusal && { status: refusal.status, reason: refusal.reason };
}

/**
 * Starts the class listener on `address:port`: the built app (Host-checked,
 * no cookie, no `/api`), and `/ws` for viewers, each handed to `room`, never
 * to a session.
 *
 * @example
 * const listener = await startClassListener({ address: '192.168.1.20', port: 7077, webRoot, room, logger });
 * console.log(listener.joinUrl); // http://192.168.1.20:7077/?view=…
 */
export async function startClassListener(options: {
  address: string;
  port: number;
  webRoot: string;
  room: Classroom;
  logger: Logger;
  heartbeatMs?: number;
  /** Makes a student lab's session on its WebSocket (null at the server's session cap); required when the room has labs. */
  startLab?: (ws: WebSocket) => Session | null;
  /** Plain HTTP connections this listener holds at most (SECURITY.md #6): a class cannot take the control listener's fds. */
  maxHttpConnections?: number;
}): Promise<ClassListener> {
  const { address, port, room, logger } = options;
  const host = hostOf(address, port);
  const logRefusal = throttled((m) => logger.warn(m), 'refused class requests', { limit: 10 });
  const http: Server = createServer({ connectionsCheckingInterval: httpTimeouts.checkEveryMs });
  capHttpConnections(http, options.maxHttpConnections ?? defaultClassHttpConnections);
  // Read at every request: a new join code replaces them.
  const tokens = (): ClassTokens => ({ view: room.token, lab: room.labToken });
  const wss = new WebSocketServer({ noServer: true, maxPayload: viewerMaxPayload });
  // A lab's frames are commands of its own session: the control listener's frame cap, not a viewer's.
  const labs = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  http.on('request', (req, res) => {
    const refusal = checkClassRequest(req, host, tokens(), false);
    const path = new URL(req.url ?? '/', 'http://placeholder').pathname;
    if (!refusal && path.startsWith('/class/')) {
      serveClassPage(req, res, room);
      return;
    }
    if (refusal || path === '/api' || path.startsWith('/api/')) {
      res.writeHead(refusal ? 403 : 404, { 'content-type': 'text/plain' }).end(`${refusal?.reason ?? 'not found'}\n`);
      return;
    }
    serveStatic(req, res, options.webRoot, { checkHost: () => null, cookie: () => null });
  });
  http.on('clientError', (_err, socket) => socket.destroy());
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const refusal = checkClassRequest(req, host, tokens(), true);
    const claim = refusal ? null : memberOf(new URL(req.url ?? '/', 'http://placeholder').searchParams, room);
    if (refusal || claim === null || 'status' in claim) {
      const { status, reason } = refusal ?? (claim as { status: number; reason: string });
      logRefusal(`refused viewer upgrade: ${reason}`);
      const text = status === 400 ? '400 Bad Request' : '403 Forbidden';
      socket.end(`HTTP/1.1 ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const { startLab } = options;
    if (classUpgradeKind(req) === 'lab' && startLab) {
      labs.handleUpgrade(req, socket, head, (ws) => room.openLab(ws, startLab, claim));
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => room.join(ws, claim));
  });
  const heartbeat = setInterval(() => room.heartbeat(), options.heartbeatMs ?? 15_000);
  heartbeat.unref();
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, address, () => {
      http.off('error', reject);
      resolve();
    });
  });
  http.on('error', (err) => logger.error(`class http: ${err.message}`));
  return {
    address,
    port,
    get joinUrl() {
      return `http://${host}/?view=${room.token}`;
    },
    get labJoinUrl() {
      return room.labToken === null ? null : `http://${host}/?view=${room.token}&lab=${room.labToken}`;
    },
    close: async () => {
      clearInterval(heartbeat);
      logRefusal.flush();
      room.close();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => labs.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
    },
  };
}

/** The join URL as a QR code: SVG for the teacher's UI, Unicode half blocks for the terminal. */
export function joinQr(joinUrl: string): { svg: string; terminal: string } {
  return { svg: renderSVG(joinUrl, { border: 2 }), terminal: renderUnicodeCompact(joinUrl, { border: 2 }) };
}

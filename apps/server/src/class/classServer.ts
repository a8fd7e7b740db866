import { createHash, timingSafeEqual } from 'node:crypto';
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

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** The class's credentials: the viewer token, and the lab token where student labs are allowed. */
export type ClassTokens = { view: string; lab: string | null };

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
  const { view: viewerToken, lab: labToken } = typeof tokens === 'string' ? { view: tokens, lab: null } : tokens;
  if (req.headers.host?.toLowerCase() !== host) {
    return { status: 403, reason: `host ${shown(req.headers.host)} is not this class's address` };
  }
  if (!upgrade) return null;
  const origin = req.headers.origin;
  if (origin?.toLowerCase() !== `http://${host}`)
    return { status: 403, reason: `origin ${shown(origin)} is not this class` };
  const url = new URL(req.url ?? '/', 'http://placeholder');
  if (url.pathname !== '/ws') return { status: 403, reason: 'no WebSocket endpoint here' };
  if (url.searchParams.has('token')) return { status: 403, reason: 'the launch token is for 127.0.0.1 only' };
  if (url.searchParams.has('lab')) {
    if (url.searchParams.has('view')) return { status: 403, reason: 'a connection is a viewer or a lab, not both' };
    if (labToken === null) return { status: 403, reason: 'this class has no student labs (serve --class-labs)' };
    const lab = url.searchParams.get('lab') ?? '';
    return sameSecret(lab, labToken) ? null : { status: 403, reason: 'wrong lab token' };
  }
  const given = url.searchParams.get('view');
  if (given === null || !sameSecret(given, viewerToken))
    return { status: 403, reason: 'missing or wrong viewer token' };
  return null;
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
  const tokens: ClassTokens = { view: room.token, lab: room.labToken };
  const wss = new WebSocketServer({ noServer: true, maxPayload: viewerMaxPayload });
  // A lab's frames are commands of its own session: the control listener's frame cap, not a viewer's.
  const labs = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  http.on('request', (req, res) => {
    const refusal = checkClassRequest(req, host, tokens, false);
    const path = new URL(req.url ?? '/', 'http://placeholder').pathname;
    if (refusal || path === '/api' || path.startsWith('/api/')) {
      res.writeHead(refusal ? 403 : 404, { 'content-type': 'text/plain' }).end(`${refusal?.reason ?? 'not found'}\n`);
      return;
    }
    serveStatic(req, res, options.webRoot, { checkHost: () => null, cookie: () => null });
  });
  http.on('clientError', (_err, socket) => socket.destroy());
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const refusal = checkClassRequest(req, host, tokens, true);
    if (refusal) {
      logRefusal(`refused viewer upgrade: ${refusal.reason}`);
      socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const { startLab } = options;
    if (classUpgradeKind(req) === 'lab' && startLab) {
      labs.handleUpgrade(req, socket, head, (ws) => room.openLab(ws, startLab));
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => room.join(ws));
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
    joinUrl: `http://${host}/?view=${room.token}`,
    labJoinUrl: room.labToken === null ? null : `http://${host}/?view=${room.token}&lab=${room.labToken}`,
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

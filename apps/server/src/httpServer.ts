import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import type { LabLimits } from '@socklab/kernel';
import type { Lesson } from '@socklab/lessons';
import { ErrorCode, type SocklabEvent } from '@socklab/protocol';
import { type WebSocket, WebSocketServer } from 'ws';
import { serveClass } from './class/classApi.ts';
import { type ClassMode, openClass, type RunningClass } from './class/classMode.ts';
import type { LogBounds } from './eventLog.ts';
import { capHttpConnections, httpTimeouts } from './httpConnections.ts';
import type { PortClaims } from './lessonRunner.ts';
import { fdLimit, LabSocketPool, type ServerLimits, serverLimits } from './limits.ts';
import { type Logger, throttled, throttledLogger } from './logger.ts';
import type { Recordings } from './recordings.ts';
import { checkHost, checkUpgrade, hasCredential, newToken, type Refusal, sessionCookie } from './security.ts';
import { Session } from './session.ts';
import { type Encoding, isHashedAsset, isHidden, pickEncoding, StaticFiles } from './staticFiles.ts';
import { tickCorked } from './tickCork.ts';

/** Options of a socklab server. */
export type ServerOptions = {
  /** The port to listen on; 0 lets the kernel choose. */
  port: number;
  /** The built web app (apps/web/dist). */
  webRoot: string;
  logger: Logger;
  /** Fixed token (tests); a fresh random one by default. */
  token?: string;
  /** How often dead viewers are looked for (SECURITY.md #14). */
  heartbeatMs?: number;
  /** Largest inbound message (SECURITY.md #6, #8). */
  maxPayload?: number;
  /** Bytes queued to a viewer before it is dropped as too slow. */
  maxBuffered?: number;
  limits?: Partial<LabLimits>;
  /** Where lesson runs are recorded and listed (`/api/recordings`); absent: nothing is recorded. */
  recordings?: Recordings;
  /** Where lessons are looked up (tests add their own). */
  lessons?: (id: string) => Lesson | undefined;
  /** Serve on a port below 1024 (refused unless asked for). */
  allowPrivilegedPort?: boolean;
  /** Sessions open at once (SECURITY.md #12); by default what the fd limit leaves room for, at most 64. */
  maxSessions?: number;
  /** Lab sockets open at once across every session; by default every fd not reserved for HTTP or sessions. */
  maxLabSockets?: number;
  /** Plain HTTP connections at once (SECURITY.md #12); by default half the fd reserve. */
  maxHttpConnections?: number;
  /** Header, request and keep-alive timeouts of HTTP connections (`httpTimeouts` by default; tests shorten them). */
  httpTimeouts?: Partial<{ headersMs: number; requestMs: number; keepAliveMs: number }>;
  /** The fd limit the defaults are made to fit; by default the process's own (RLIMIT_NOFILE). */
  fdLimit?: number;
  /** How much of each session's log is kept in memory (`sessionLogBounds` by default). */
  log?: Partial<LogBounds>;
  /** Class mode (SECURITY.md #11): viewers on this address of the machine; absent: nothing listens beyond loopback. */
  class?: ClassMode;
};

/** Bytes queued to one viewer before it is dropped as too slow, by default. */
export const defaultMaxBuffered = 4 * 1024 * 1024;

/** The close code of a session refused at the server's cap (IANA WebSocket registry: Try Again Later). */
export const closeTryAgainLater = 1013;

/** Refused upgrades logged per interval before they are only counted. */
export const refusalLogLimit = 10;

/** A running server. */
export type RunningServer = {
  port: number;
  token: string;
  /** The URL to open, with the token. */
  url: string;
  /** How many sessions are open now. */
  sessions(): number;
  /** How many lab sockets are open now, across every session. */
  labSockets(): number;
  /** How many plain HTTP connections are open now (WebSockets not counted). */
  httpConnections(): number;
  /** The server-wide caps in force. */
  limits: ServerLimits;
  /** The class listener, with `class` given. */
  class: RunningClass | null;
  close(): Promise<void>;
};

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** SECURITY.md #9: no inline script, no plugins, no framing; 'self' covers the WebSocket. */
export const csp =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/**
 * Starts socklab's one process, one port: the web app over HTTP and the
 * WebSocket endpoint `/ws`, on 127.0.0.1 only (SECURITY.md #4).
 *
 * @example
 * const server = await startServer({ port: 0, webRoot, logger });
 * console.log(server.url); // http://127.0.0.1:41234/?token=…
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { logger } = options;
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new RangeError(`not a port number: ${JSON.stringify(options.port)}`);
  }
  if (options.port > 0 && options.port < 1024 && !options.allowPrivilegedPort) {
    throw new RangeError(`port ${options.port} is privileged (below 1024): pass allowPrivilegedPort to serve on it`);
  }
  // SECURITY.md #6: a flood of refusals must not become a flood of log.
  const logRefusal = throttled((m) => logger.warn(m), 'refused upgrades', { limit: refusalLogLimit });
  // What sessions log (bad messages, unexpected errors, slow viewers, starts and ends), throttled across the server.
  const sessionLog = throttledLogger(logger, 'session', { limit: refusalLogLimit });
  const token = options.token ?? newToken();
  const limits = serverLimits(options.fdLimit ?? fdLimit(), {
    ...(options.maxSessions === undefined ? {} : { maxSessions: options.maxSessions }),
    ...(options.maxLabSockets === undefined ? {} : { maxLabSockets: options.maxLabSockets }),
    ...(options.maxHttpConnections === undefined ? {} : { maxHttpConnections: options.maxHttpConnections }),
  });
  const pool = new LabSocketPool(limits.maxLabSockets);
  let sessions = 0;
  const maxBuffered = options.maxBuffered ?? defaultMaxBuffered;
  const http = createServer({ connectionsCheckingInterval: httpTimeouts.checkEveryMs });
  const connections = capHttpConnections(http, limits.maxHttpConnections, { ...httpTimeouts, ...options.httpTimeouts });
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload ?? 64 * 1024 });
  const alive = new WeakMap<WebSocket, boolean>();
  let port = 0;
  let room: RunningClass | null = null;

  http.on('request', (req, res) => {
    const path = new URL(req.url ?? '/', 'http://placeholder').pathname;
    if (path === '/api/session') {
      // Whether this browser holds the credential (the cookie), so a page opened without the token knows.
      const ok = checkHost(req, port) === null && hasCredential(req, port, token);
      res.writeHead(ok ? 204 : 403, { 'cache-control': 'no-store' }).end();
      return;
    }
    if (path === '/api/class' || path.startsWith('/api/class/')) {
      serveClass(req, res, path, port, token, room);
      return;
    }
    if (path === '/api/recordings' || path.startsWith('/api/recordings/')) {
      serveRecordings(req, res, port, token, options.recordings ?? null);
      return;
    }
    serveStatic(req, res, options.webRoot, controlSite(port, token));
  });
  http.on('clientError', (_err, socket) => socket.destroy());
  // The socket under each control WebSocket: a tick's frames are written to it at once (`tickCorked`).
  const upgraded = new WeakMap<WebSocket, Duplex>();
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const refusal = checkUpgrade(req, port, token);
    if (refusal) {
      logRefusal(`refused WebSocket upgrade: ${refusal.reason}`);
      reject(socket, refusal);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      upgraded.set(ws, socket);
      wss.emit('connection', ws, req);
    });
  });

  // On a shared network two sessions must not run lessons on one port.
  const claimed = new Set<number>();
  const claims: PortClaims = {
    claim: (port) => !claimed.has(port) && Boolean(claimed.add(port)),
    release: (port) => claimed.delete(port),
  };

  // One browser's session on `ws` (the teacher's, or a student lab's with `isolate: 'required'`), or null at the cap.
  const runSession = (ws: WebSocket, extra: { isolate?: 'required'; closed?: (s: Session) => void } = {}) => {
    const id = randomUUID();
    ws.on('error', (err) => sessionLog.warn(`session ${id}: ${err.message}`));
    if (sessions >= limits.maxSessions) {
      // SECURITY.md #12: a browser cannot read the status of a refused upgrade, so the refusal is an event it can show.
      logRefusal(`refused a session: ${limits.maxSessions} are open`);
      const refusal: SocklabEvent = {
        type: 'error',
        code: ErrorCode.limit,
        message: `the server holds its most sessions (${limits.maxSessions}); close another tab or try again later`,
        seq: 0,
        t: 0,
      };
      ws.send(JSON.stringify(refusal));
      ws.close(closeTryAgainLater, 'too many sessions');
      return null;
    }
    sessions++;
    const session = new Session({
      id,
      logger: sessionLog,
      claims,
      serverPort: port,
      sockets: pool,
      ...(extra.isolate ? { isolate: extra.isolate } : {}),
      ...(options.log ? { log: options.log } : {}),
      ...(options.recordings && !extra.isolate ? { recordings: options.recordings } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.lessons ? { lessons: options.lessons } : {}),
    });
    alive.set(ws, true);
    // The session's recording holds each event before its frame can leave (SECURITY.md test 15).
    const send = tickCorked(
      upgraded.get(ws),
      (json) => ws.send(json),
      () => session.log.sync(),
    );
    const unsubscribe = session.log.subscribe((_event, json) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > maxBuffered) {
        sessionLog.warn(`session ${session.id}: viewer too slow (${ws.bufferedAmount} bytes queued), dropping it`);
        ws.terminate();
        return;
      }
      send(json);
    });
    ws.on('pong', () => alive.set(ws, true));
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        session.log.append({
          type: 'error',
          code: 'SOCKLAB_ERR_BAD_MESSAGE',
          message: 'binary messages are not understood',
        });
        return;
      }
      void session.handle(data.toString('utf8'));
    });
    ws.on('close', () => {
      sessions--;
      unsubscribe();
      extra.closed?.(session);
      session.close();
      sessionLog.info(`session ${session.id} ended; its sockets are closed`);
    });
    sessionLog.info(`session ${session.id} started`);
    session.hello();
    return session;
  };

  wss.on('connection', (ws: WebSocket) => {
    const session = runSession(ws, { closed: (s) => room?.room.leave(s) });
    // The class follows the teacher's newest session (after its hello, which starts the viewers' log).
    if (session) room?.room.follow(session);
  });

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, options.heartbeatMs ?? 15_000);
  heartbeat.unref();

  await new Promise<void>((resolve, rejectListen) => {
    http.once('error', rejectListen);
    http.listen(options.port, '127.0.0.1', () => {
      http.off('error', rejectListen);
      resolve();
    });
  });
  port = (http.address() as { port: number }).port;
  http.on('error', (err) => logger.error(`http: ${err.message}`));
  if (options.class) {
    try {
      const stateDir = options.class.stateDir ?? options.recordings?.dir;
      room = await openClass(
        { ...options.class, ...(stateDir ? { stateDir } : {}) },
        {
          port,
          webRoot: options.webRoot,
          logger,
          // Its own cap, half the control listener's: a class cannot take the fds that keep `GET /` answering.
          maxHttpConnections: Math.max(16, Math.floor(limits.maxHttpConnections / 2)),
          // SECURITY.md "Student labs": a session like the teacher's, but only ever in a namespace of its own.
          startLab: (ws) => runSession(ws, { isolate: 'required' }),
          ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
        },
      );
    } catch (err) {
      await closeAll(http, wss, heartbeat);
      throw err;
    }
  }

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    sessions: () => sessions,
    labSockets: () => pool.open,
    httpConnections: () => connections.open(),
    limits,
    class: room,
    close: async () => {
      logRefusal.flush();
      sessionLog.flush();
      await room?.listener.close();
      return closeAll(http, wss, heartbeat);
    },
  };
}

function reject(socket: Duplex, refusal: NonNullable<Refusal>): void {
  socket.end(`HTTP/1.1 ${refusal.status} Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

// SECURITY.md #9: recordings are listed and read only with the launch token, under names the server gave them.
function serveRecordings(
  req: IncomingMessage,
  res: ServerResponse,
  port: number,
  token: string,
  recordings: Recordings | null,
): void {
  const refusal =
    checkHost(req, port) ?? (hasCredential(req, port, token) ? null : { reason: 'missing or wrong token' });
  if (refusal) {
    res.writeHead(403, { 'content-type': 'text/plain' }).end(`${refusal.reason}\n`);
    return;
  }
  if (req.method !== 'GET') {
    res.writeHead(405, { allow: 'GET' }).end();
    return;
  }
  if (!recordings) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('this server records nothing (--no-record)\n');
    return;
  }
  const path = new URL(req.url ?? '/', 'http://placeholder').pathname;
  const headers = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };
  if (path === '/api/recordings') {
    res.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(recordings.list()));
    return;
  }
  let text: string;
  const name = decodeURIComponent(path.slice('/api/recordings/'.length));
  try {
    text = recordings.read(name);
  } catch (err) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end(`${(err as Error).message}\n`);
    return;
  }
  res
    .writeHead(200, {
      ...headers,
      'content-type': 'application/x-ndjson; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
    })
    .end(text);
}

/** Who a static site answers: its Host check, and the cookie its page leaves (the control site's launch token). */
export type StaticSite = { checkHost(req: IncomingMessage): Refusal; cookie(req: IncomingMessage): string | null };

const controlSite = (port: number, token: string): StaticSite => ({
  checkHost: (req) => checkHost(req, port),
  // The first visit with the token leaves it in an HttpOnly cookie: reload and new tabs need no token in the address.
  cookie: (req) =>
    new URL(req.url ?? '/', 'http://placeholder').searchParams.has('token') && hasCredential(req, port, token)
      ? sessionCookie(port, token)
      : null,
});

/** Every web root's built files, read and compressed once (bounded by the size of the built app). */
const staticFiles = new StaticFiles();

/**
 * Serves the built web app under `webRoot` (GET and HEAD), with the CSP, for
 * `site`: brotli or gzip by `Accept-Encoding`, an ETag, a year's cache for
 * hashed assets; source maps answer 404 (unless `SOCKLAB_SERVE_SOURCEMAPS=1`).
 */
export function serveStatic(req: IncomingMessage, res: ServerResponse, webRoot: string, site: StaticSite): void {
  const refusal = site.checkHost(req);
  if (refusal) {
    res.writeHead(refusal.status, { 'content-type': 'text/plain' }).end(`${refusal.reason}\n`);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://placeholder').pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  const root = normalize(webRoot);
  const file = normalize(join(root, pathname === '/' ? 'index.html' : pathname));
  if (!file.startsWith(root + sep)) {
    res.writeHead(404).end();
    return;
  }
  if (isHidden(file) || !existsSync(file) || !statSync(file).isFile()) {
    const missingApp = !existsSync(join(root, 'index.html'));
    res
      .writeHead(missingApp ? 503 : 404, { 'content-type': 'text/plain; charset=utf-8' })
      .end(missingApp ? 'The web app is not built: run `npm run build` (or `npm start`).\n' : 'not found\n');
    return;
  }
  const built = staticFiles.get(file);
  const encoding = pickEncoding(req, Object.keys(built.bodies) as Encoding[]);
  const body = built.bodies[encoding] ?? built.bodies.identity;
  const cookie = file.endsWith('index.html') ? site.cookie(req) : null;
  const headers = {
    ...(cookie === null ? {} : { 'set-cookie': cookie }),
    'content-type': types[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // A hashed asset never changes under its name; index.html is revalidated by its ETag.
    'cache-control': isHashedAsset(file) ? 'public, max-age=31536000, immutable' : 'no-cache',
    etag: built.etag,
    vary: 'Accept-Encoding',
  };
  if (cookie === null && req.headers['if-none-match'] === built.etag) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(200, {
    ...headers,
    ...(encoding === 'identity' ? {} : { 'content-encoding': encoding }),
    'content-length': body.length,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

async function closeAll(http: Server, wss: WebSocketServer, heartbeat: NodeJS.Timeout): Promise<void> {
  clearInterval(heartbeat);
  for (const ws of wss.clients) ws.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  await new Promise<void>((resolve) => http.close(() => resolve()));
  http.closeAllConnections();
}

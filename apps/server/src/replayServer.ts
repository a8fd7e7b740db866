import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { csp, serveStatic } from './httpServer.ts';
import { checkHost } from './security.ts';
import { pickEncoding } from './staticFiles.ts';

const gzipped = promisify(gzip);

/** A recording a replay server publishes: its name under `/recordings/`, and its text (already validated). */
export type PublishedRecording = { name: string; text: string; lesson?: string; createdAt: string; events: number };

/** A running replay server. */
export type ReplayServer = {
  port: number;
  /** The page that replays the recording. */
  url: string;
  close(): Promise<void>;
};

const recordingHeaders = {
  'content-type': 'application/x-ndjson; charset=utf-8',
  'content-security-policy': csp,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/**
 * Serves the built web app and one recording, on 127.0.0.1 only (SECURITY.md
 * #4), to replay it in a browser: `/recordings/<name>` and
 * `/recordings/index.json` list it; no WebSocket, no lab, no sessions, and
 * `/api/session` answers 404 so the page knows no live backend is there.
 * Every request must name this server by a loopback Host (SECURITY.md #2).
 *
 * @example
 * const server = await startReplayServer({ port: 0, webRoot, recording });
 * server.url; // http://127.0.0.1:41234/?recording=recordings/handshake.ndjson
 */
export async function startReplayServer(options: {
  port: number;
  webRoot: string;
  recording: PublishedRecording;
}): Promise<ReplayServer> {
  const { recording, webRoot } = options;
  const index = JSON.stringify([
    {
      name: recording.name,
      ...(recording.lesson === undefined ? {} : { lesson: recording.lesson }),
      createdAt: recording.createdAt,
      events: recording.events,
    },
  ]);
  let port = 0;
  let recordingGz: Promise<Buffer> | undefined;
  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    const refusal = checkHost(req, port);
    if (refusal) {
      res.writeHead(refusal.status, { 'content-type': 'text/plain' }).end(`${refusal.reason}\n`);
      return;
    }
    const path = new URL(req.url ?? '/', 'http://placeholder').pathname;
    if (path === '/api/session' || path.startsWith('/api/') || path === '/ws') {
      res
        .writeHead(404, { 'content-type': 'text/plain', 'cache-control': 'no-store' })
        .end('a replay server has no live lab\n');
      return;
    }
    if (path.startsWith('/recordings/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      const body =
        path === '/recordings/index.json' ? index : path === `/recordings/${recording.name}` ? recording.text : null;
      if (body === null) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      const type = body === index ? 'application/json' : recordingHeaders['content-type'];
      if (body === index || pickEncoding(req, ['gzip']) !== 'gzip') {
        res.writeHead(200, { ...recordingHeaders, 'content-type': type, vary: 'Accept-Encoding' });
        res.end(req.method === 'HEAD' ? undefined : body);
        return;
      }
      // The recording is gzipped once (off the event loop) and kept: ~8× fewer bytes to fetch.
      recordingGz ??= gzipped(recording.text, { level: 6 });
      void recordingGz.then(
        (gz) => {
          res.writeHead(200, {
            ...recordingHeaders,
            'content-type': type,
            vary: 'Accept-Encoding',
            'content-encoding': 'gzip',
          });
          res.end(req.method === 'HEAD' ? undefined : gz);
        },
        () => res.destroy(),
      );
      return;
    }
    // No page of this server holds a credential: there is nothing to control.
    serveStatic(req, res, webRoot, { checkHost: (r) => checkHost(r, port), cookie: () => null });
  });
  http.on('clientError', (_err, socket) => socket.destroy());
  http.on('upgrade', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, '127.0.0.1', () => {
      http.off('error', reject);
      resolve();
    });
  });
  port = (http.address() as { port: number }).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/?recording=recordings/${recording.name}`,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

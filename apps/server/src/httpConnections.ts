import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** How long a connection may take to send a request's headers (slowloris), and a whole request. */
export const httpTimeouts = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000, checkEveryMs: 1_000 } as const;

/**
 * Caps the plain HTTP connections a server holds (SECURITY.md #6, #12).
 * Every TCP connection counts from its first byte until it closes or becomes
 * a WebSocket (a session, capped apart). Past `max`, the oldest connection
 * with no request in progress (one that is sending headers slowly, or idles
 * in keep-alive) is closed for the newcomer, so a client that opens many idle
 * connections cannot take every fd, and `GET /` of a new client still gets
 * in; only when every held connection has a request in progress is the
 * newcomer closed instead. Also sets the server's header and request
 * timeouts, so an idle connection ends on its own.
 *
 * @example
 * const connections = capHttpConnections(http, 1000);
 * connections.open(); // plain HTTP connections held now
 */
export function capHttpConnections(
  http: Server,
  max: number,
  timeouts: { headersMs: number; requestMs: number; keepAliveMs: number } = httpTimeouts,
): { open(): number; evicted(): number } {
  http.headersTimeout = timeouts.headersMs;
  http.requestTimeout = timeouts.requestMs;
  http.keepAliveTimeout = timeouts.keepAliveMs;
  // Connections with no request in progress, oldest first (a Set keeps insertion order), and those with one.
  const idle = new Set<Socket>();
  const busy = new Set<Socket>();
  let evicted = 0;
  const forget = (socket: Socket) => idle.delete(socket) || busy.delete(socket);
  http.on('connection', (socket: Socket) => {
    if (idle.size + busy.size >= max) {
      evicted++;
      const oldest = idle.values().next();
      if (oldest.done) {
        socket.destroy();
        return;
      }
      idle.delete(oldest.value);
      oldest.value.destroy();
    }
    idle.add(socket);
    socket.once('close', () => forget(socket));
  });
  http.on('request', (req, res) => {
    const socket = req.socket;
    if (!idle.delete(socket)) return;
    busy.add(socket);
    res.once('close', () => {
      if (busy.delete(socket)) idle.add(socket);
    });
  });
  // A WebSocket is a session from now on: the sessions cap holds it.
  http.prependListener('upgrade', (req) => {
    forget(req.socket);
  });
  return { open: () => idle.size + busy.size, evicted: () => evicted };
}

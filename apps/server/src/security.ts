import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { shown } from './logger.ts';

/** A fresh random token for one launch (SECURITY.md #3). */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The hosts under which the app may be reached: loopback names only (SECURITY.md #2). */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

/** The app's own origins: the only ones allowed to open its WebSocket (SECURITY.md #1). */
export function allowedOrigins(port: number): Set<string> {
  return new Set([...allowedHosts(port)].map((host) => `http://${host}`));
}

function sameSecret(a: string, b: string): boolean {
  // Hash first so the comparison is constant-time whatever the lengths.
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/**
 * Why a request was refused, or null when it may go on. The reason quotes the
 * header it refused, JSON-escaped and cut short (`shown`): it is logged and
 * sent back, and an outside header may be kilobytes long.
 */
export type Refusal = { status: 403; reason: string } | null;

/** Checks the Host header of any request. */
export function checkHost(req: IncomingMessage, port: number): Refusal {
  const host = req.headers.host;
  if (!host || !allowedHosts(port).has(host.toLowerCase())) {
    return { status: 403, reason: `host ${shown(host)} is not a loopback name of this server` };
  }
  return null;
}

/**
 * Checks a WebSocket upgrade: Host, exact Origin, and the launch token.
 *
 * @example
 * const refusal = checkUpgrade(req, port, token);
 * if (refusal) return reject(socket, refusal);
 */
export function checkUpgrade(req: IncomingMessage, port: number, token: string): Refusal {
  const host = checkHost(req, port);
  if (host) return host;
  const origin = req.headers.origin;
  if (!origin || !allowedOrigins(port).has(origin.toLowerCase())) {
    return { status: 403, reason: `origin ${shown(origin)} is not this app` };
  }
  const url = new URL(req.url ?? '/', 'http://placeholder');
  if (url.pathname !== '/ws') return { status: 403, reason: 'no WebSocket endpoint here' };
  const given = url.searchParams.get('token') ?? '';
  if (!sameSecret(given, token)) return { status: 403, reason: 'missing or wrong token' };
  return null;
}

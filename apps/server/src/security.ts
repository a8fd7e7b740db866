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
  if (!hasCredential(req, port, token)) return { status: 403, reason: 'missing or wrong token' };
  return null;
}

/**
 * The name of the cookie that carries the launch token for the server on
 * `port` (cookies are not told apart by port: two servers need two names).
 */
export function cookieName(port: number): string {
  return `socklab-${port}`;
}

/**
 * The `Set-Cookie` value that keeps the launch token in the browser after the
 * first visit with `?token=`: HttpOnly (no script reads it), SameSite=Strict
 * (no other site's page sends it), scoped to this origin's paths. Reload and
 * new tabs then work without the token in the address; the Origin and Host
 * checks still apply to every upgrade (SECURITY.md #1–#3).
 */
export function sessionCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** Whether the request carries the launch token: in `?token=` or in this server's cookie. Constant-time. */
export function hasCredential(req: IncomingMessage, port: number, token: string): boolean {
  const url = new URL(req.url ?? '/', 'http://placeholder');
  const given = url.searchParams.get('token');
  if (given !== null) return sameSecret(given, token);
  const cookie = (req.headers.cookie ?? '')
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${cookieName(port)}=`));
  return cookie !== undefined && sameSecret(cookie.slice(cookieName(port).length + 1), token);
}

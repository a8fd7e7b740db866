import { readFileSync } from 'node:fs';
import type { SocketBudget } from '@socklab/kernel';
import { ErrorCode, SocklabError } from '@socklab/protocol';

/** The server-wide caps (SECURITY.md #12), with the fd limit they were made to fit. */
export type ServerLimits = {
  /** Sessions (WebSocket connections) open at once; the next one gets `SOCKLAB_ERR_LIMIT` and close 1013. */
  maxSessions: number;
  /** Lab sockets open at once across every session. */
  maxLabSockets: number;
  /**
   * Plain HTTP connections open at once (WebSockets are sessions, counted
   * apart): past it the oldest idle one is closed for the newcomer. Taken
   * from the reserve, which keeps `fdsForNode` for files and Node itself.
   */
  maxHttpConnections: number;
};

/** The fds of the reserve never given to HTTP connections: the listener, files being served, recordings, Node's own. */
export const fdsForNode = 64;

/** The fds each session may hold besides its lab sockets: its WebSocket, its namespace, the capture, two sock_diag sockets, a free-port probe. */
export const fdsPerSession = 6;

/** Sockets one lab run may create in all, open or closed (and so the most a session may hold open). */
export const maxSocketsPerRun = 256;

/** Sessions at most by default, however high the fd limit. */
export const defaultMaxSessions = 64;

/**
 * The fds kept free of every session and lab socket, so that HTTP always
 * answers and files can be opened: a tenth of the limit, at least 256.
 */
export function fdReserve(fdLimit: number): number {
  return Math.max(256, Math.ceil(fdLimit / 10));
}

/**
 * The process's soft limit on open files (RLIMIT_NOFILE), read from
 * /proc/self/limits as getrlimit(2) gives it; 1024 (the usual default) if it
 * cannot be read.
 */
export function fdLimit(limits = '/proc/self/limits'): number {
  let text: string;
  try {
    text = readFileSync(limits, 'utf8');
  } catch {
    return 1024;
  }
  const soft = /^Max open files\s+(\S+)/m.exec(text)?.[1];
  if (soft === 'unlimited') return Number.MAX_SAFE_INTEGER;
  const n = Number(soft);
  return Number.isSafeInteger(n) && n > 0 ? n : 1024;
}

/**
 * The default caps for an fd limit: the fds left after the reserve hold up to
 * `defaultMaxSessions` sessions (each with `fdsPerSession` of its own and room
 * for 26 lab sockets on average), and every fd not given to a session is the
 * lab sockets' pool.
 *
 * @example
 * serverLimits(20_000); // { maxSessions: 64, maxLabSockets: 17_616, maxHttpConnections: 1000 }
 * serverLimits(1024);   // { maxSessions: 24, maxLabSockets: 624, maxHttpConnections: 128 }
 */
export function serverLimits(limit: number, asked: Partial<ServerLimits> = {}): ServerLimits {
  const reserve = fdReserve(limit);
  const usable = Math.max(0, limit - reserve);
  const maxSessions = asked.maxSessions ?? Math.max(1, Math.min(defaultMaxSessions, Math.floor(usable / 32)));
  const maxLabSockets = asked.maxLabSockets ?? Math.max(1, usable - maxSessions * fdsPerSession);
  const maxHttpConnections = asked.maxHttpConnections ?? Math.floor(reserve / 2);
  for (const [name, value] of Object.entries({ maxSessions, maxLabSockets, maxHttpConnections })) {
    if (!Number.isSafeInteger(value) || value < 1)
      throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  if (maxHttpConnections > reserve - fdsForNode) {
    throw new RangeError(
      `${maxHttpConnections} HTTP connections are more than the fd reserve allows (at most ${reserve - fdsForNode} ` +
        `of the ${reserve} fds kept free at an fd limit of ${limit})`,
    );
  }
  if (maxSessions * fdsPerSession + maxLabSockets > usable) {
    throw new RangeError(
      `${maxSessions} sessions and ${maxLabSockets} lab sockets need ${maxSessions * fdsPerSession + maxLabSockets} fds; ` +
        `the fd limit is ${limit}, of which ${fdReserve(limit)} are kept free for HTTP`,
    );
  }
  return { maxSessions, maxLabSockets, maxHttpConnections };
}

/**
 * The server's count of open lab sockets, shared by every session's labs.
 * Each lab run gets its own view (`forRun`), which also caps how many sockets
 * the run may create in all, open or closed: a run keeps a little state for
 * every socket it ever made, so an endless socket()/close() stream must end.
 *
 * @example
 * const pool = new LabSocketPool(17_616);
 * const lab = new Lab({ budget: pool.forRun() });
 * pool.open; // lab sockets open now, across the server
 */
export class LabSocketPool {
  readonly max: number;
  readonly maxPerRun: number;
  #open = 0;

  constructor(max: number, maxPerRun = maxSocketsPerRun) {
    if (!Number.isSafeInteger(max) || max < 1) throw new RangeError(`max must be a positive integer, got ${max}`);
    if (!Number.isSafeInteger(maxPerRun) || maxPerRun < 1) {
      throw new RangeError(`maxPerRun must be a positive integer, got ${maxPerRun}`);
    }
    this.max = max;
    this.maxPerRun = maxPerRun;
  }

  /** Lab sockets open now, across the server. */
  get open(): number {
    return this.#open;
  }

  /** A budget for one lab run's sockets; `maxPerRun`: the most it may create (the `load` lesson's clients need more). */
  forRun(maxPerRun = this.maxPerRun): SocketBudget {
    let made = 0;
    return {
      take: () => {
        if (made >= maxPerRun) {
          throw new SocklabError(
            ErrorCode.limit,
            `a run may create at most ${maxPerRun} sockets; reset the lesson or start the playground again`,
          );
        }
        if (this.#open >= this.max) {
          throw new SocklabError(
            ErrorCode.limit,
            `the server holds its most lab sockets (${this.max}, across every session); close some and try again`,
          );
        }
        made++;
        this.#open++;
      },
      give: () => {
        this.#open--;
      },
    };
  }
}

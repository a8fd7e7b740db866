import type { SyscallName } from '@socklab/protocol';
import type { ApiEvent, SyscallExitEvent } from './events.ts';

type Args = { event: ApiEvent };
type Call = { syscall: SyscallName };

function exitOf(event: ApiEvent, syscall?: SyscallName): SyscallExitEvent | null {
  if (event.type !== 'syscall.exit') return null;
  if (syscall !== undefined && event.syscall !== syscall) return null;
  return event;
}

/**
 * The guards the API machines share, given to each machine's `setup`.
 * Success is `ret >= 0`, failure is `ret === -1` (the kernel then set errno).
 *
 * @example
 * ```ts
 * setup({ types, guards: apiGuards }).createMachine({
 *   on: { 'syscall.exit': { guard: { type: 'succeeded', params: { syscall: 'bind' } }, target: '.bound' } },
 * });
 * ```
 */
export const apiGuards = {
  /** `syscall` returned successfully. */
  succeeded: ({ event }: Args, { syscall }: Call): boolean => (exitOf(event, syscall)?.ret ?? -1) >= 0,
  /** `syscall` failed. */
  failed: ({ event }: Args, { syscall }: Call): boolean => exitOf(event, syscall)?.ret === -1,
  /** Any call failed. */
  anyFailed: ({ event }: Args): boolean => exitOf(event)?.ret === -1,
  /** Any call failed with one of `errnos`. */
  failedWith: ({ event }: Args, { errnos }: { errnos: readonly string[] }): boolean => {
    const exit = exitOf(event);
    return exit?.ret === -1 && exit.errno !== null && errnos.includes(exit.errno.name);
  },
  /** `syscall` would block: socklab is waiting for the kernel. */
  blockedIn: ({ event }: Args, { syscall }: Call): boolean =>
    event.type === 'syscall.block' && event.syscall === syscall,
  /**
   * The descriptor is gone. Linux releases it even when close fails, except
   * with EBADF, where there was nothing to release (man 2 close, NOTES).
   */
  closeReleased: ({ event }: Args): boolean => {
    const exit = exitOf(event, 'close');
    if (exit === null) return false;
    return exit.ret >= 0 || (exit.ret === -1 && exit.errno?.name !== 'EBADF');
  },
  /** read returned 0: end of stream (man 2 read). */
  readEof: ({ event }: Args): boolean => exitOf(event, 'read')?.ret === 0,
  /** shutdown(SHUT_WR) or shutdown(SHUT_RDWR) succeeded: this side sends no more. */
  shutWrite: ({ event }: Args): boolean => {
    const exit = exitOf(event, 'shutdown');
    if (exit === null || exit.ret < 0) return false;
    const how = exit.args?.how;
    return how === 'SHUT_WR' || how === 'SHUT_RDWR';
  },
  /** accept returned a new socket. */
  accepted: ({ event }: Args): boolean => {
    const exit = exitOf(event, 'accept');
    return exit !== null && exit.ret >= 0 && typeof exit.created === 'string';
  },
};

/**
 * The errno name a failed call reported, or null.
 *
 * @example
 * ```ts
 * errnoOf({ type: 'syscall.exit', syscall: 'bind', ret: -1, errno: { name: 'EACCES' } }); // 'EACCES'
 * ```
 */
export function errnoOf(event: ApiEvent): string | null {
  const exit = exitOf(event);
  return exit !== null && exit.ret === -1 ? (exit.errno?.name ?? null) : null;
}

/**
 * The socket `accept` created; throws on any other event, with the event.
 *
 * @example
 * ```ts
 * acceptedSocket({ type: 'syscall.exit', syscall: 'accept', ret: 5, errno: null, created: 's2' }); // 's2'
 * ```
 */
export function acceptedSocket(event: ApiEvent): string {
  const exit = exitOf(event, 'accept');
  if (exit === null || exit.ret < 0 || typeof exit.created !== 'string') {
    throw new TypeError(`not a successful accept with a created socket: ${JSON.stringify(event)}`);
  }
  return exit.created;
}

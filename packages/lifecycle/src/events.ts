import type { SyscallName } from '@socklab/protocol';

/**
 * The part of a protocol `syscall.exit` event the API machines read.
 * A protocol `EventOf<'syscall.exit'>` is assignable to it as is.
 *
 * @example
 * ```ts
 * const bindFailed: SyscallExitEvent = {
 *   type: 'syscall.exit',
 *   syscall: 'bind',
 *   ret: -1,
 *   errno: { name: 'EADDRINUSE' },
 * };
 * ```
 */
export type SyscallExitEvent = {
  type: 'syscall.exit';
  syscall: SyscallName;
  /** The return value; -1 means failure and `errno` says why. */
  ret: number;
  errno: { name: string } | null;
  /** The socket the call created (socket, accept). */
  created?: string | undefined;
  /** The call's arguments; shutdown's `how` is `args.how`. */
  args?: Readonly<Record<string, unknown>> | undefined;
};

/**
 * The part of a protocol `syscall.block` event the API machines read: the call
 * would block and socklab is now waiting for the kernel.
 *
 * @example
 * ```ts
 * const waiting: SyscallBlockEvent = { type: 'syscall.block', syscall: 'connect' };
 * ```
 */
export type SyscallBlockEvent = {
  type: 'syscall.block';
  syscall: SyscallName;
};

/**
 * Every event the API machines (listener, client, connection) accept.
 *
 * @example
 * ```ts
 * const events: ApiEvent[] = [
 *   { type: 'syscall.block', syscall: 'connect' },
 *   { type: 'syscall.exit', syscall: 'connect', ret: 0, errno: null },
 * ];
 * ```
 */
export type ApiEvent = SyscallExitEvent | SyscallBlockEvent;

/**
 * Whether `event` is one the API machines accept, so a mixed event log can be
 * narrowed before {@link apiStateAfter}.
 *
 * @example
 * ```ts
 * const calls = log.filter(isApiEvent).filter((e) => e.socket === 's1');
 * ```
 */
export function isApiEvent<E extends { type: string }>(event: E): event is E & ApiEvent {
  return event.type === 'syscall.exit' || event.type === 'syscall.block';
}

/**
 * Emitted by the listener machine when `accept` returns a new socket; the owner
 * creates a connection actor for it (accepted connections outlive the listener,
 * so they are not children).
 *
 * @example
 * ```ts
 * actor.on('socket.accepted', (e: SocketAcceptedEvent) => open(e.socket));
 * ```
 */
export type SocketAcceptedEvent = {
  type: 'socket.accepted';
  /** The id of the socket `accept` created. */
  socket: string;
};

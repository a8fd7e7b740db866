const close = { guard: 'closeReleased', target: 'closed', actions: 'recordErrno' } as const;
const otherFailure = { guard: 'anyFailed', actions: 'recordErrno' } as const;

// man 2 send: EPIPE "The local end has been shut down", and Linux's tcp_reset()
// reports EPIPE for a reset in CLOSE_WAIT. So EPIPE is a reset only while this
// side may still send; after SHUT_WR it is the program's own doing.
const resetWhileSending = {
  guard: { type: 'failedWith', params: { errnos: ['ECONNRESET', 'EPIPE'] } },
  target: 'reset',
  actions: 'recordErrno',
} as const;
const resetAfterShut = {
  guard: { type: 'failedWith', params: { errnos: ['ECONNRESET'] } },
  target: 'reset',
  actions: 'recordErrno',
} as const;

/**
 * The states of a connected socket, shared by `connectionMachine` and
 * `clientMachine` (which enters them once connect succeeds). Plain config: the
 * machine that spreads it must provide the `apiGuards` and a `recordErrno`
 * action.
 *
 * - `connected` — both directions open.
 * - `peer_closed` — read returned 0: the peer finished sending.
 * - `write_shut` — shutdown(SHUT_WR or SHUT_RDWR) succeeded: this side finished sending.
 * - `finished` — both of the above, in either order.
 * - `reset` — ECONNRESET (or EPIPE while this side could still send): the peer reset the connection.
 * - `closed` — close released the descriptor (final).
 *
 * shutdown(SHUT_RD) changes nothing here: nothing is sent, and the next read
 * returning 0 is what the program observes.
 *
 * @example
 * ```ts
 * setup({ types, guards: apiGuards, actions: { recordErrno } }).createMachine({
 *   initial: 'connected',
 *   states: { ...connectionStates },
 * });
 * ```
 */
export const connectionStates = {
  connected: {
    on: {
      'syscall.exit': [
        close,
        { guard: 'readEof', target: 'peer_closed' },
        { guard: 'shutWrite', target: 'write_shut' },
        resetWhileSending,
        otherFailure,
      ],
    },
  },
  peer_closed: {
    on: {
      'syscall.exit': [close, { guard: 'shutWrite', target: 'finished' }, resetWhileSending, otherFailure],
    },
  },
  write_shut: {
    on: {
      'syscall.exit': [close, { guard: 'readEof', target: 'finished' }, resetAfterShut, otherFailure],
    },
  },
  finished: {
    on: { 'syscall.exit': [close, resetAfterShut, otherFailure] },
  },
  reset: {
    on: { 'syscall.exit': [close, otherFailure] },
  },
  closed: { type: 'final' },
} as const;

import { and, assign, setup } from 'xstate';
import { connectionStates } from './connectionStates.ts';
import type { ApiEvent } from './events.ts';
import { apiGuards, errnoOf } from './guards.ts';

/**
 * What a client socket remembers besides its state.
 *
 * @example
 * ```ts
 * const { bound, lastErrno }: ClientContext = actor.getSnapshot().context;
 * ```
 */
export type ClientContext = {
  /** bind succeeded, so a failed connect returns to `bound` rather than `created`. */
  bound: boolean;
  /** The errno of the most recent failed call, or null if none failed. */
  lastErrno: string | null;
};

const close = { guard: 'closeReleased', target: 'closed', actions: 'recordErrno' } as const;
const otherFailure = { guard: 'anyFailed', actions: 'recordErrno' } as const;
const connectBlocked = { guard: { type: 'blockedIn', params: { syscall: 'connect' } }, target: 'connecting' } as const;
const connectSucceeded = { guard: { type: 'succeeded', params: { syscall: 'connect' } }, target: 'connected' } as const;

/**
 * The API lifecycle of a client socket: `created` → optional `bound` →
 * `connecting` (connect is waiting for the handshake) → `connected`, then the
 * connection states (`peer_closed`, `write_shut`, `finished`, `reset`) →
 * `closed`. A failed connect returns to the state before the call and records
 * `lastErrno`.
 *
 * @example
 * ```ts
 * const actor = createActor(clientMachine).start();
 * actor.send({ type: 'syscall.block', syscall: 'connect' });
 * actor.send({ type: 'syscall.exit', syscall: 'connect', ret: -1, errno: { name: 'ECONNREFUSED' } });
 * actor.getSnapshot().value; // 'created'
 * ```
 */
export const clientMachine = setup({
  types: {
    context: {} as ClientContext,
    events: {} as ApiEvent,
  },
  guards: {
    ...apiGuards,
    wasBound: ({ context }: { context: ClientContext }): boolean => context.bound,
  },
  actions: {
    recordErrno: assign({ lastErrno: ({ context, event }) => errnoOf(event) ?? context.lastErrno }),
    markBound: assign({ bound: true }),
  },
}).createMachine({
  id: 'client',
  initial: 'created',
  context: { bound: false, lastErrno: null },
  states: {
    created: {
      on: {
        'syscall.block': connectBlocked,
        'syscall.exit': [
          close,
          { guard: { type: 'succeeded', params: { syscall: 'bind' } }, target: 'bound', actions: 'markBound' },
          connectSucceeded,
          otherFailure,
        ],
      },
    },
    bound: {
      on: {
        'syscall.block': connectBlocked,
        'syscall.exit': [close, connectSucceeded, otherFailure],
      },
    },
    connecting: {
      on: {
        'syscall.exit': [
          close,
          connectSucceeded,
          // A failed connect puts the socket back as it was: Linux releases an
          // ephemeral port that connect picked (tcp_set_state(TCP_CLOSE) → inet_put_port).
          {
            guard: and([{ type: 'failed', params: { syscall: 'connect' } } as const, 'wasBound']),
            target: 'bound',
            actions: 'recordErrno',
          },
          { guard: { type: 'failed', params: { syscall: 'connect' } }, target: 'created', actions: 'recordErrno' },
          otherFailure,
        ],
      },
    },
    ...connectionStates,
  },
});

import { assign, setup } from 'xstate';
import { connectionStates } from './connectionStates.ts';
import type { ApiEvent } from './events.ts';
import { apiGuards, errnoOf } from './guards.ts';

/**
 * What a connection remembers besides its state.
 *
 * @example
 * ```ts
 * const { lastErrno }: ConnectionContext = actor.getSnapshot().context;
 * ```
 */
export type ConnectionContext = {
  /** The errno of the most recent failed call, or null if none failed. */
  lastErrno: string | null;
};

/**
 * The API lifecycle of a socket that accept returned: `connected` →
 * `peer_closed` (read returned 0) / `write_shut` (shutdown SHUT_WR) →
 * `finished` (both) → `closed`; `reset` when the peer reset it. Failed calls
 * keep the state and record `lastErrno`.
 *
 * @example
 * ```ts
 * const actor = createActor(connectionMachine).start();
 * actor.send({ type: 'syscall.exit', syscall: 'read', ret: 0, errno: null });
 * actor.getSnapshot().value; // 'peer_closed'
 * ```
 */
export const connectionMachine = setup({
  types: {
    context: {} as ConnectionContext,
    events: {} as ApiEvent,
  },
  guards: apiGuards,
  actions: {
    recordErrno: assign({ lastErrno: ({ context, event }) => errnoOf(event) ?? context.lastErrno }),
  },
}).createMachine({
  id: 'connection',
  initial: 'connected',
  context: { lastErrno: null },
  states: { ...connectionStates },
});

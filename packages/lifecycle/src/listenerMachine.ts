import { assign, emit, setup } from 'xstate';
import type { ApiEvent, SocketAcceptedEvent } from './events.ts';
import { acceptedSocket, apiGuards, errnoOf } from './guards.ts';

/**
 * What a listener remembers besides its state.
 *
 * @example
 * ```ts
 * const { accepted, lastErrno }: ListenerContext = actor.getSnapshot().context;
 * ```
 */
export type ListenerContext = {
  /** Connections accept has returned so far. */
  accepted: number;
  /** The errno of the most recent failed call, or null if none failed. */
  lastErrno: string | null;
};

const closeCall = { guard: 'closeReleased', target: '#listener.closed', actions: 'recordErrno' } as const;
const otherFailure = { guard: 'anyFailed', actions: 'recordErrno' } as const;

/**
 * The API lifecycle of a server's listening socket:
 * `created` → `bound` → `listening` → `closed`, with `listen` straight from
 * `created` allowed (Linux binds an ephemeral port). A failed call leaves the
 * state as it was and records `lastErrno`. Each successful `accept` stays in
 * `listening`, counts the connection and emits {@link SocketAcceptedEvent}.
 * shutdown is ignored.
 *
 * @example
 * ```ts
 * const actor = createActor(listenerMachine);
 * actor.on('socket.accepted', ({ socket }) => track(socket));
 * actor.start();
 * actor.send({ type: 'syscall.exit', syscall: 'bind', ret: 0, errno: null });
 * actor.getSnapshot().value; // 'bound'
 * ```
 */
export const listenerMachine = setup({
  types: {
    context: {} as ListenerContext,
    events: {} as ApiEvent,
    emitted: {} as SocketAcceptedEvent,
  },
  guards: apiGuards,
  actions: {
    recordErrno: assign({ lastErrno: ({ context, event }) => errnoOf(event) ?? context.lastErrno }),
    countAccepted: assign({ accepted: ({ context }) => context.accepted + 1 }),
    announceAccepted: emit(({ event }) => ({ type: 'socket.accepted' as const, socket: acceptedSocket(event) })),
  },
}).createMachine({
  id: 'listener',
  initial: 'created',
  context: { accepted: 0, lastErrno: null },
  states: {
    created: {
      on: {
        'syscall.exit': [
          closeCall,
          { guard: { type: 'succeeded', params: { syscall: 'bind' } }, target: 'bound' },
          // man 7 ip: listen on an unbound socket binds it to a free ephemeral port.
          { guard: { type: 'succeeded', params: { syscall: 'listen' } }, target: 'listening' },
          otherFailure,
        ],
      },
    },
    bound: {
      on: {
        'syscall.exit': [
          closeCall,
          { guard: { type: 'succeeded', params: { syscall: 'listen' } }, target: 'listening' },
          otherFailure,
        ],
      },
    },
    listening: {
      on: {
        'syscall.exit': [
          closeCall,
          { guard: 'accepted', actions: ['countAccepted', 'announceAccepted'] },
          otherFailure,
        ],
      },
    },
    closed: { type: 'final' },
  },
});

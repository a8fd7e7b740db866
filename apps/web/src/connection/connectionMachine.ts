import { ClassClose, type Command, type SocklabEvent } from '@socklab/protocol';
import { assign, type SnapshotFrom, sendTo, setup } from 'xstate';
import { credentialActor } from './credential.ts';
import { type SocketOrder, type SocketReport, webSocketActor } from './webSocketActor.ts';

/** Reconnect delays: 0.5 s, 1 s, 2 s, 4 s, then 8 s for ever. */
export const backoff = { firstMs: 500, maxMs: 8000 } as const;

/** The close code of a class member the teacher ended (apps/server/src/class/classroom.ts): no reconnecting. */
export const closeEndedByTeacher = ClassClose.endedByTeacher;

/** The delay before reconnect attempt `attempt` (1-based). */
export function backoffMs(attempt: number): number {
  return Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.max(0, attempt - 1));
}

export type ConnectionInput = { url: string | null };

export type ConnectionContext = {
  url: string | null;
  /** Failed attempts since the last open connection. */
  attempt: number;
  /** Connections opened so far; from the second one on, each is a new session. */
  sessions: number;
  /** Frames that were not valid events, dropped. */
  dropped: number;
  lastDropped: string | null;
  lastClose: { code: number; reason: string } | null;
};

export type ConnectionEvent =
  | SocketReport
  | SocketOrder
  /** Reconnect now instead of waiting for the backoff. */
  | { type: 'retry' };

/**
 * The browser's connection to the socklab server: connecting → open →
 * reconnecting (exponential backoff 0.5 s … 8 s) → connecting …
 * While it waits to reconnect it asks the server whether this tab's
 * credential still holds (`credential`): a server started again has a new
 * launch token, and then the machine stops in `tokenRefused` instead of
 * trying for ever (a browser cannot read a refused upgrade's 403).
 * Events go to the `deliver` action, unless the socket actor is provided as
 * `webSocketActorTo(deliver)`, which hands them over itself (the app does:
 * ConnectionProvider); each new connection after the first is a new session
 * (the server closed the old one's sockets): `sessionRenewed` runs before its
 * first event. Provide both actions.
 *
 * @example
 * const machine = connectionMachine.provide({
 *   actions: {
 *     deliver: (_, { event }) => store.getState().append(event),
 *     sessionRenewed: () => store.getState().clear(),
 *   },
 * });
 * const actor = createActor(machine, { input: { url } }).start();
 * actor.send({ type: 'command.send', command: { type: 'lesson.step' } });
 */
export const connectionMachine = setup({
  types: {
    context: {} as ConnectionContext,
    events: {} as ConnectionEvent,
    input: {} as ConnectionInput,
  },
  actors: { socket: webSocketActor, credential: credentialActor },
  actions: {
    deliver: (_, _params: { event: SocklabEvent }) => {},
    sessionRenewed: () => {},
    opened: assign({ attempt: 0, sessions: ({ context }) => context.sessions + 1 }),
  },
  guards: {
    hasUrl: ({ context }) => context.url !== null,
    renewed: ({ context }) => context.sessions > 0,
  },
  delays: {
    backoff: ({ context }) => backoffMs(context.attempt),
  },
}).createMachine({
  id: 'connection',
  context: ({ input }) => ({
    url: input.url,
    attempt: 0,
    sessions: 0,
    dropped: 0,
    lastDropped: null,
    lastClose: null,
  }),
  initial: 'start',
  states: {
    start: {
      always: [{ guard: 'hasUrl', target: 'live' }, { target: 'noToken' }],
    },
    noToken: {},
    // The server answers but refuses this tab's token: it was started again. Only a new address (a new token) gets in.
    tokenRefused: {},
    // The teacher ended this class member (close code 4001): it does not come back by itself.
    ended: {},
    // A class page whose join code the class no longer takes (the teacher issued a new one): only a new URL gets in.
    joinRefused: {},
    // A student lab of an earlier launch (lab tokens are per launch), or of a join code replaced since.
    labRefused: {},
    live: {
      invoke: { id: 'socket', src: 'socket', input: ({ context }) => ({ url: context.url ?? '' }) },
      initial: 'connecting',
      states: {
        connecting: {
          on: {
            'socket.open': [
              { guard: 'renewed', target: 'open', actions: ['sessionRenewed', 'opened'] },
              { target: 'open', actions: 'opened' },
            ],
          },
        },
        open: {
          on: {
            'command.send': { actions: sendTo('socket', ({ event }) => event) },
          },
        },
      },
      on: {
        'socket.event': { actions: { type: 'deliver', params: ({ event }) => ({ event: event.event }) } },
        'socket.invalid': {
          actions: assign({ dropped: ({ context }) => context.dropped + 1, lastDropped: ({ event }) => event.error }),
        },
        'socket.closed': [
          {
            guard: ({ event }) => event.code === closeEndedByTeacher,
            target: 'ended',
            actions: assign({ lastClose: ({ event }) => ({ code: event.code, reason: event.reason }) }),
          },
          {
            target: 'reconnecting',
            actions: assign({ lastClose: ({ event }) => ({ code: event.code, reason: event.reason }) }),
          },
        ],
      },
    },
    reconnecting: {
      entry: assign({ attempt: ({ context }) => context.attempt + 1 }),
      after: { backoff: 'live' },
      on: { retry: 'live' },
      invoke: {
        src: 'credential',
        input: ({ context }) => ({ url: context.url ?? '' }),
        onDone: [
          { guard: ({ event }) => event.output === 'refused', target: 'tokenRefused' },
          { guard: ({ event }) => event.output === 'ended', target: 'ended' },
          { guard: ({ event }) => event.output === 'joinRefused', target: 'joinRefused' },
          { guard: ({ event }) => event.output === 'labRefused', target: 'labRefused' },
        ],
      },
    },
  },
});

/** The status a user sees. */
export type ConnectionStatus =
  | 'connecting'
  | 'open'
  | 'reconnecting'
  | 'noToken'
  | 'tokenRefused'
  | 'ended'
  | 'joinRefused'
  | 'labRefused';

/** The status shown for a snapshot of the connection machine. */
export function connectionStatus(snapshot: SnapshotFrom<typeof connectionMachine>): ConnectionStatus {
  if (snapshot.matches({ live: 'open' })) return 'open';
  if (snapshot.matches('reconnecting')) return 'reconnecting';
  if (snapshot.matches('noToken')) return 'noToken';
  if (snapshot.matches('tokenRefused')) return 'tokenRefused';
  if (snapshot.matches('ended')) return 'ended';
  if (snapshot.matches('joinRefused')) return 'joinRefused';
  if (snapshot.matches('labRefused')) return 'labRefused';
  return 'connecting';
}

/** A command, wrapped as the event the machine forwards to the socket. */
export function send(command: Command): SocketOrder {
  return { type: 'command.send', command };
}

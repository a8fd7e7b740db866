import { type AnyStateMachine, createActor } from 'xstate';
import { type ApiState, isApiState } from './apiState.ts';
import { clientMachine } from './clientMachine.ts';
import { connectionMachine } from './connectionMachine.ts';
import type { ApiEvent } from './events.ts';
import { listenerMachine } from './listenerMachine.ts';

/**
 * What a socket is for, which picks its API machine.
 *
 * @example
 * ```ts
 * machineForRole(Role.listener) === listenerMachine; // true
 * ```
 */
export const Role = {
  /** A server's listening socket. */
  listener: 'listener',
  /** A socket that connects out. */
  client: 'client',
  /** A socket that accept returned. */
  connection: 'connection',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

/**
 * The machine of each role.
 *
 * @example
 * ```ts
 * type M = RoleMachine['client']; // typeof clientMachine
 * ```
 */
export type RoleMachine = {
  listener: typeof listenerMachine;
  client: typeof clientMachine;
  connection: typeof connectionMachine;
};

/**
 * The API machine for `role`. Throws a TypeError for anything else.
 *
 * @example
 * ```ts
 * const actor = createActor(machineForRole('connection')).start();
 * ```
 */
export function machineForRole<R extends Role>(role: R): RoleMachine[R];
export function machineForRole(role: Role): RoleMachine[Role] {
  switch (role) {
    case 'listener':
      return listenerMachine;
    case 'client':
      return clientMachine;
    case 'connection':
      return connectionMachine;
    default: {
      const unknown: never = role;
      throw new TypeError(`unknown socket role: ${JSON.stringify(unknown)}`);
    }
  }
}

function run(machine: AnyStateMachine, events: readonly ApiEvent[]): ApiState {
  const actor = createActor(machine);
  // Observe errors so xstate does not rethrow them later; this throws them now.
  actor.subscribe({ error: () => undefined });
  actor.start();
  for (const event of events) {
    // A closed socket is final; xstate warns about events sent after that.
    if (actor.getSnapshot().status !== 'active') break;
    actor.send(event);
  }
  const snapshot = actor.getSnapshot();
  actor.stop();
  if (snapshot.status === 'error') throw snapshot.error;
  const value: unknown = snapshot.value;
  if (!isApiState(value)) throw new TypeError(`not an API state: ${JSON.stringify(value)}`);
  return value;
}

/**
 * The API state a socket of `role` is in after `events`, its own syscall
 * events in log order (events of other sockets must be filtered out first);
 * events after `closed` are ignored. Pure: it runs a fresh actor and stops it. Throws a TypeError for an unknown
 * role.
 *
 * @example
 * ```ts
 * apiStateAfter('listener', [
 *   { type: 'syscall.exit', syscall: 'bind', ret: 0, errno: null },
 *   { type: 'syscall.exit', syscall: 'listen', ret: 0, errno: null },
 * ]); // 'listening'
 * ```
 */
export function apiStateAfter(role: Role, events: readonly ApiEvent[]): ApiState {
  return run(machineForRole(role), events);
}

import { clientMachine } from './clientMachine.ts';
import { connectionMachine } from './connectionMachine.ts';
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

import { type AnyActorScope, type AnyMachineSnapshot, type AnyStateMachine, createActor } from 'xstate';
import { type ApiState, isApiState } from './apiState.ts';
import type { ApiEvent } from './events.ts';
import { machineForRole, type Role } from './roles.ts';

/**
 * Where one socket's API machine stands: its role's machine and the xstate
 * snapshot reached so far. Immutable: `apiNext` returns a new one.
 */
export type ApiSnapshot = { readonly role: Role; readonly snapshot: AnyMachineSnapshot };

type Pure = { scope: AnyActorScope; initial: ApiSnapshot };

const pure = new Map<Role, Pure>();

// The API machines do no I/O: their actions are assign (applied to the snapshot by the transition)
// and emit, which nothing here listens to. One inert scope per machine, as xstate's own pure
// `transition()` builds, but made once rather than an actor per call.
function pureOf(role: Role): Pure {
  let found = pure.get(role);
  if (found) return found;
  const machine = machineForRole(role) as AnyStateMachine;
  const self = createActor(machine);
  const scope: AnyActorScope = {
    self,
    id: '',
    sessionId: '',
    system: self.system,
    logger: () => {},
    defer: () => {},
    emit: () => {},
    stopChild: () => {},
    actionExecutor: () => {},
  };
  found = { scope, initial: { role, snapshot: machine.getInitialSnapshot(scope) } };
  pure.set(role, found);
  return found;
}

/**
 * The API machine of a new socket of `role`, in its initial state. Throws a
 * TypeError for an unknown role.
 *
 * @example
 * ```ts
 * apiValue(apiStart('connection')); // 'connected'
 * ```
 */
export function apiStart(role: Role): ApiSnapshot {
  return pureOf(role).initial;
}

/**
 * The API machine after one more of the socket's own events: a pure
 * transition (no actor is made). A socket whose machine has finished (closed)
 * ignores further events, as an actor would.
 *
 * @example
 * ```ts
 * const bound = apiNext(apiStart('listener'), { type: 'syscall.exit', syscall: 'bind', ret: 0, errno: null });
 * apiValue(bound); // 'bound'
 * ```
 */
export function apiNext(at: ApiSnapshot, event: ApiEvent): ApiSnapshot {
  if (at.snapshot.status !== 'active') return at;
  const { scope } = pureOf(at.role);
  const snapshot = (machineForRole(at.role) as AnyStateMachine).transition(at.snapshot, event, scope);
  if (snapshot.status === 'error') throw snapshot.error;
  return snapshot === at.snapshot ? at : { role: at.role, snapshot };
}

/**
 * The API state a snapshot is in. Throws a TypeError if it is not one of
 * `apiStates`.
 *
 * @example
 * ```ts
 * apiValue(apiStart('client')); // 'created'
 * ```
 */
export function apiValue(at: ApiSnapshot): ApiState {
  const value: unknown = at.snapshot.value;
  if (!isApiState(value)) throw new TypeError(`not an API state: ${JSON.stringify(value)}`);
  return value;
}

/**
 * The API state a socket of `role` is in after `events`, its own syscall
 * events in log order (events of other sockets must be filtered out first);
 * events after `closed` are ignored. Pure: a fold of `apiNext` from
 * `apiStart`. Throws a TypeError for an unknown role.
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
  let at = apiStart(role);
  for (const event of events) at = apiNext(at, event);
  return apiValue(at);
}

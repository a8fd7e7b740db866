import { type AnyActorScope, type AnyMachineSnapshot, type AnyStateMachine, createActor } from 'xstate';
import { type ApiState, isApiState } from './apiState.ts';
import type { ApiEvent } from './events.ts';
import { machineForRole, type Role } from './roles.ts';

/**
 * Where one socket's API machine stands: its role's machine and the xstate
 * snapshot reached so far (`key`: its state and context, which are all a
 * transition depends on besides the event). Immutable and shared: `apiNext`
 * returns another one.
 */
export type ApiSnapshot = { readonly role: Role; readonly snapshot: AnyMachineSnapshot; readonly key: string };

type Pure = { scope: AnyActorScope; initial: ApiSnapshot; next: Map<string, ApiSnapshot> };

const pure = new Map<Role, Pure>();

// The transitions taken so far, per machine: a machine's next snapshot depends only on its state,
// its context and what its guards and actions read of the event (below). Bounded: a listener's
// context counts its accepted connections, so its keys never repeat.
const maxRemembered = 4096;

const snapshotKey = (snapshot: AnyMachineSnapshot) =>
  `${JSON.stringify(snapshot.value)}|${JSON.stringify(snapshot.context)}`;

/**
 * Everything of an event that the API machines' guards and actions read
 * (`guards.ts`, `errnoOf`, `acceptedSocket`): its type and call, whether it
 * failed, returned 0 or more, the errno's name, shutdown's `how`, and whether
 * accept named the socket it created. Two events with the same key take
 * every machine from one snapshot to the same next one.
 */
function eventKey(event: ApiEvent): string {
  if (event.type === 'syscall.block') return `block|${event.syscall}`;
  const ret = event.ret === -1 ? 'failed' : event.ret === 0 ? 'zero' : event.ret > 0 ? 'more' : String(event.ret);
  const how = event.args?.how;
  return `exit|${event.syscall}|${ret}|${event.errno?.name ?? ''}|${typeof how === 'string' ? how : ''}|${typeof event.created === 'string'}`;
}

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
  const snapshot = machine.getInitialSnapshot(scope);
  found = { scope, initial: { role, snapshot, key: snapshotKey(snapshot) }, next: new Map() };
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
 * transition (no actor is made), taken once per state, context and kind of
 * event and then remembered. A socket whose machine has finished (closed)
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
  const { scope, next } = pureOf(at.role);
  const key = `${at.key}>${eventKey(event)}`;
  const known = next.get(key);
  if (known) return known;
  const snapshot = (machineForRole(at.role) as AnyStateMachine).transition(at.snapshot, event, scope);
  if (snapshot.status === 'error') throw snapshot.error;
  const after: ApiSnapshot = { role: at.role, snapshot, key: snapshotKey(snapshot) };
  if (next.size >= maxRemembered) next.clear();
  next.set(key, after);
  return after;
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

/**
 * The API lifecycle states of every role, as shown to users ("API state").
 * Which role reaches which state is in the README.
 *
 * @example
 * ```ts
 * if (snapshot.value === ApiState.listening) showBacklog();
 * ```
 */
export const ApiState = {
  /** socket() returned it; no address yet. */
  created: 'created',
  /** bind() gave it a local address. */
  bound: 'bound',
  /** listen() made it a listening socket; accept() takes connections from it. */
  listening: 'listening',
  /** connect() is waiting for the handshake to finish. */
  connecting: 'connecting',
  /** Connected: both directions open. */
  connected: 'connected',
  /** read() returned 0: the peer finished sending (end of stream). */
  peer_closed: 'peer_closed',
  /** shutdown(SHUT_WR or SHUT_RDWR): this side finished sending. */
  write_shut: 'write_shut',
  /** Both: end of stream read and this side's sending shut. Only close() remains. */
  finished: 'finished',
  /** The peer reset the connection (ECONNRESET or EPIPE). Only close() remains. */
  reset: 'reset',
  /** close() released the descriptor. Final. */
  closed: 'closed',
} as const;
export type ApiState = (typeof ApiState)[keyof typeof ApiState];

/** Every API state, in lifecycle order. */
export const apiStates: readonly ApiState[] = Object.values(ApiState);

/**
 * Whether `value` names an API state.
 *
 * @example
 * ```ts
 * isApiState('bound'); // true
 * isApiState('LISTEN'); // false: that is a TCP state
 * ```
 */
export function isApiState(value: unknown): value is ApiState {
  return typeof value === 'string' && Object.hasOwn(ApiState, value);
}

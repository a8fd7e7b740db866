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

/**
 * Short human labels for each API state, in English and Korean.
 *
 * @example
 * ```ts
 * apiStateLabel.bound.ko; // '주소 할당됨(bound)'
 * ```
 */
export const apiStateLabel: Readonly<Record<ApiState, { readonly en: string; readonly ko: string }>> = {
  created: { en: 'created', ko: '생성됨(created)' },
  bound: { en: 'bound to an address', ko: '주소 할당됨(bound)' },
  listening: { en: 'listening', ko: '연결 대기 중(listening)' },
  connecting: { en: 'connecting', ko: '연결 중(connecting)' },
  connected: { en: 'connected', ko: '연결됨(connected)' },
  peer_closed: { en: 'peer finished sending (EOF)', ko: '상대 전송 끝남(peer_closed)' },
  write_shut: { en: 'sending shut down (SHUT_WR)', ko: '내 전송 닫음(write_shut)' },
  finished: { en: 'both directions finished', ko: '양방향 끝남(finished)' },
  reset: { en: 'reset by peer', ko: '상대가 연결 재설정(reset)' },
  closed: { en: 'closed', ko: '닫힘(closed)' },
};

import { TcpState, tcpStates } from '@socklab/protocol';
import { assign, setup } from 'xstate';

/**
 * The causes of TCP state changes, as events of {@link tcpMachine}: calls the
 * application makes (`open`, `send`, `close`), segments that arrive (`rcv_*`)
 * and the TIME-WAIT timer.
 *
 * @example
 * ```ts
 * actor.send({ type: TcpEventType.rcv_syn_ack });
 * ```
 */
export const TcpEventType = {
  passive_open: 'tcp.passive_open',
  active_open: 'tcp.active_open',
  send: 'tcp.send',
  rcv_syn: 'tcp.rcv_syn',
  rcv_syn_ack: 'tcp.rcv_syn_ack',
  rcv_ack: 'tcp.rcv_ack',
  rcv_fin: 'tcp.rcv_fin',
  rcv_fin_ack: 'tcp.rcv_fin_ack',
  close: 'tcp.close',
  timeout: 'tcp.timeout',
  rcv_rst: 'tcp.rcv_rst',
} as const;
export type TcpEventType = (typeof TcpEventType)[keyof typeof TcpEventType];

/**
 * An event of {@link tcpMachine}.
 *
 * @example
 * ```ts
 * const event: TcpEvent = { type: 'tcp.rcv_fin' };
 * ```
 */
export type TcpEvent = { type: TcpEventType };

/**
 * One arrow of the TCP state diagram.
 *
 * @example
 * ```ts
 * const arrow: TcpTransition = tcpTransitions[0];
 * `${arrow.from} → ${arrow.to} on ${arrow.event}`; // its words: transitionKey(arrow) in the UI's texts
 * ```
 */
export type TcpTransition = {
  readonly from: TcpState;
  readonly to: TcpState;
  readonly event: TcpEventType;
  /** Drawn in RFC 9293 Figure 5; false for the transitions only its text gives. */
  readonly figure: boolean;
  /** Where RFC 9293 specifies it. */
  readonly section: string;
  /** Only for connections that began this way (RFC 9293 Figure 5, note 1). */
  readonly when?: 'after_passive_open' | 'after_active_open';
};

const FIGURE = '§3.3.2';
const RESET = '§3.10.7.4';

function arrow(
  from: TcpState,
  to: TcpState,
  event: TcpEventType,
  more: Partial<Pick<TcpTransition, 'figure' | 'section' | 'when'>> = {},
): TcpTransition {
  return { from, to, event, figure: true, section: FIGURE, ...more };
}

/**
 * The key of a transition's words ("cause / action", as RFC 9293 writes it)
 * in the UI's text files: unique per arrow.
 *
 * @example
 * transitionKey(tcpTransitions[0]) // 'CLOSED-LISTEN-passive_open'
 */
export function transitionKey(t: Pick<TcpTransition, 'from' | 'to' | 'event'>): string {
  return `${t.from}-${t.to}-${t.event.replace(/^tcp\./, '')}`;
}

function resetToClosed(from: TcpState): TcpTransition {
  return arrow(from, 'CLOSED', 'tcp.rcv_rst', {
    figure: false,
    section: RESET,
  });
}

/**
 * Every transition of the RFC 9293 TCP state machine (§3.3.2, Figure 5), plus
 * those its text adds: FIN-WAIT-1 → TIME-WAIT when a FIN arrives with the ACK
 * of ours (Figure 5, note 2) and the resets of §3.10.7. {@link tcpMachine} is
 * built from this table. Where two paths are equally short, {@link tcpPath}
 * takes the one listed first, so the common handshake comes first.
 *
 * @example
 * ```ts
 * const fromListen = tcpTransitions.filter((t) => t.from === 'LISTEN' && t.figure);
 * ```
 */
export const tcpTransitions: readonly TcpTransition[] = [
  arrow('CLOSED', 'LISTEN', 'tcp.passive_open'),
  arrow('CLOSED', 'SYN_SENT', 'tcp.active_open'),
  arrow('LISTEN', 'SYN_RECEIVED', 'tcp.rcv_syn'),
  arrow('LISTEN', 'SYN_SENT', 'tcp.send'),
  arrow('LISTEN', 'CLOSED', 'tcp.close'),
  arrow('SYN_SENT', 'ESTABLISHED', 'tcp.rcv_syn_ack'),
  arrow('SYN_SENT', 'SYN_RECEIVED', 'tcp.rcv_syn'),
  arrow('SYN_SENT', 'CLOSED', 'tcp.close'),
  arrow('SYN_SENT', 'CLOSED', 'tcp.rcv_rst', {
    figure: false,
    section: '§3.10.7.3',
  }),
  arrow('SYN_RECEIVED', 'ESTABLISHED', 'tcp.rcv_ack'),
  arrow('SYN_RECEIVED', 'FIN_WAIT_1', 'tcp.close'),
  arrow('SYN_RECEIVED', 'LISTEN', 'tcp.rcv_rst', {
    when: 'after_passive_open',
  }),
  arrow('SYN_RECEIVED', 'CLOSED', 'tcp.rcv_rst', {
    figure: false,
    section: RESET,
    when: 'after_active_open',
  }),
  arrow('ESTABLISHED', 'FIN_WAIT_1', 'tcp.close'),
  arrow('ESTABLISHED', 'CLOSE_WAIT', 'tcp.rcv_fin'),
  resetToClosed('ESTABLISHED'),
  arrow('FIN_WAIT_1', 'FIN_WAIT_2', 'tcp.rcv_ack'),
  arrow('FIN_WAIT_1', 'CLOSING', 'tcp.rcv_fin'),
  arrow('FIN_WAIT_1', 'TIME_WAIT', 'tcp.rcv_fin_ack', { figure: false, section: '§3.3.2 note 2, §3.10.7.4' }),
  resetToClosed('FIN_WAIT_1'),
  arrow('FIN_WAIT_2', 'TIME_WAIT', 'tcp.rcv_fin'),
  resetToClosed('FIN_WAIT_2'),
  arrow('CLOSE_WAIT', 'LAST_ACK', 'tcp.close'),
  resetToClosed('CLOSE_WAIT'),
  arrow('CLOSING', 'TIME_WAIT', 'tcp.rcv_ack'),
  resetToClosed('CLOSING'),
  arrow('LAST_ACK', 'CLOSED', 'tcp.rcv_ack'),
  resetToClosed('LAST_ACK'),
  arrow('TIME_WAIT', 'CLOSED', 'tcp.timeout'),
  resetToClosed('TIME_WAIT'),
];

type TcpGuard = 'afterPassiveOpen' | 'afterActiveOpen';
type TcpAction = 'rememberPassive' | 'rememberActive';
type TcpTransitionConfig = { target: TcpState; guard?: TcpGuard; actions?: TcpAction };
type TcpStateConfig = { on: Partial<Record<TcpEventType, TcpTransitionConfig[]>> };

const guardFor = { after_passive_open: 'afterPassiveOpen', after_active_open: 'afterActiveOpen' } as const;
const actionFor: Partial<Record<TcpEventType, TcpAction>> = {
  'tcp.passive_open': 'rememberPassive',
  'tcp.active_open': 'rememberActive',
};

function stateConfigs(): Record<TcpState, TcpStateConfig> {
  const states = Object.fromEntries(tcpStates.map((s) => [s, { on: {} }])) as Record<TcpState, TcpStateConfig>;
  for (const t of tcpTransitions) {
    const config: TcpTransitionConfig = { target: t.to };
    if (t.when !== undefined) config.guard = guardFor[t.when];
    const action = actionFor[t.event];
    if (action !== undefined) config.actions = action;
    const on = states[t.from].on;
    on[t.event] = [...(on[t.event] ?? []), config];
  }
  return states;
}

/**
 * What the TCP machine remembers besides its state.
 *
 * @example
 * ```ts
 * actor.getSnapshot().context.passive; // true after tcp.passive_open
 * ```
 */
export type TcpContext = {
  /** The connection began with a passive OPEN (from LISTEN). */
  passive: boolean;
};

/**
 * The RFC 9293 §3.3.2 TCP state machine, with all eleven states and the
 * transitions of {@link tcpTransitions}, each labelled by its cause.
 *
 * @example
 * ```ts
 * const actor = createActor(tcpMachine).start();
 * actor.send({ type: 'tcp.active_open' });
 * actor.send({ type: 'tcp.rcv_syn_ack' });
 * actor.getSnapshot().value; // 'ESTABLISHED'
 * ```
 */
export const tcpMachine = setup({
  types: {
    context: {} as TcpContext,
    events: {} as TcpEvent,
  },
  guards: {
    afterPassiveOpen: ({ context }) => context.passive,
    afterActiveOpen: ({ context }) => !context.passive,
  },
  actions: {
    rememberPassive: assign({ passive: true }),
    rememberActive: assign({ passive: false }),
  },
}).createMachine({
  id: 'tcp',
  initial: TcpState.CLOSED,
  context: { passive: false },
  states: stateConfigs(),
});

function checkState(name: string, value: unknown): TcpState {
  if (typeof value !== 'string' || !tcpStates.includes(value as TcpState)) {
    throw new TypeError(`${name} is not a TCP state: ${JSON.stringify(value)}`);
  }
  return value as TcpState;
}

/**
 * Whether the change `from` → `to` is one transition of the TCP state
 * diagram. A change that skips states between two observations (SYN_SENT →
 * FIN_WAIT_2) is not; a state that did not change is not either.
 * Throws a TypeError if either is not a TCP state.
 *
 * @example
 * ```ts
 * isTcpTransition('SYN_SENT', 'ESTABLISHED'); // true
 * isTcpTransition('LISTEN', 'ESTABLISHED'); // false: SYN_RECEIVED is between
 * ```
 */
export function isTcpTransition(from: TcpState, to: TcpState): boolean {
  checkState('from', from);
  checkState('to', to);
  return tcpTransitions.some((t) => t.from === from && t.to === to);
}

/** Options of {@link tcpPath}. */
export type TcpPathOptions = {
  /**
   * `false` leaves out the transitions only a received RST causes (§3.10.7):
   * the route a connection takes when no RST crossed the wire.
   */
  reset?: boolean;
};

/**
 * The shortest sequence of states from `from` to `to` through the diagram,
 * both included (`[from]` when they are equal), or null if `to` cannot be
 * reached. Ties go to the transition {@link tcpTransitions} lists first.
 * With `{ reset: false }` the route takes no RST transition.
 * Throws a TypeError if either is not a TCP state.
 *
 * @example
 * ```ts
 * tcpPath('LISTEN', 'ESTABLISHED'); // ['LISTEN', 'SYN_RECEIVED', 'ESTABLISHED']
 * tcpPath('CLOSE_WAIT', 'CLOSED'); // ['CLOSE_WAIT', 'CLOSED'] (an RST)
 * tcpPath('CLOSE_WAIT', 'CLOSED', { reset: false }); // ['CLOSE_WAIT', 'LAST_ACK', 'CLOSED']
 * ```
 */
export function tcpPath(from: TcpState, to: TcpState, options: TcpPathOptions = {}): TcpState[] | null {
  checkState('from', from);
  checkState('to', to);
  const reset = options.reset ?? true;
  const previous = new Map<TcpState, TcpState | null>([[from, null]]);
  const queue: TcpState[] = [from];
  for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
    if (state === to) {
      const path: TcpState[] = [];
      for (let s: TcpState | null | undefined = to; s != null; s = previous.get(s)) path.unshift(s);
      return path;
    }
    for (const t of tcpTransitions) {
      if (t.from !== state || previous.has(t.to) || (!reset && t.event === TcpEventType.rcv_rst)) continue;
      previous.set(t.to, state);
      queue.push(t.to);
    }
  }
  return null;
}

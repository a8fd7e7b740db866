import { type TcpTransition, tcpTransitions } from '@socklab/lifecycle';
import type { TcpState } from '@socklab/protocol';

/** A box of the diagram. CLOSED is drawn twice, at the top and bottom right, as RFC 9293 Figure 5 does. */
export type DiagramNode = { id: string; state: TcpState; x: number; y: number };

/** One arrow of the diagram: every transition between the same two boxes shares it. */
export type DiagramEdge = {
  id: string;
  from: TcpState;
  to: TcpState;
  /** The box it ends in (`CLOSED` or `CLOSED_END`). */
  toNode: string;
  d: string;
  transitions: readonly TcpTransition[];
  /** Drawn in RFC 9293 Figure 5; the others (resets, note 2) only show when a socket takes them. */
  figure: boolean;
  /** Only a reset (RST) takes it. */
  reset: boolean;
};

export const NODE_W = 112;
export const NODE_H = 24;
export const VIEW_BOX = { x: -14, y: 0, width: 480, height: 300 } as const;

const L = 70;
const C = 220;
const R = 370;
const row = (i: number) => 16 + i * 42;

/** Where each box sits: CLOSED on top, the opening states, ESTABLISHED, the active close on the left, the passive close on the right. */
export const diagramNodes: readonly DiagramNode[] = [
  { id: 'CLOSED', state: 'CLOSED', x: C, y: row(0) },
  { id: 'LISTEN', state: 'LISTEN', x: C, y: row(1) },
  { id: 'SYN_RECEIVED', state: 'SYN_RECEIVED', x: L, y: row(2) },
  { id: 'SYN_SENT', state: 'SYN_SENT', x: R, y: row(2) },
  { id: 'ESTABLISHED', state: 'ESTABLISHED', x: C, y: row(3) },
  { id: 'FIN_WAIT_1', state: 'FIN_WAIT_1', x: L, y: row(4) },
  { id: 'CLOSE_WAIT', state: 'CLOSE_WAIT', x: R, y: row(4) },
  { id: 'FIN_WAIT_2', state: 'FIN_WAIT_2', x: L, y: row(5) },
  { id: 'CLOSING', state: 'CLOSING', x: C, y: row(5) },
  { id: 'LAST_ACK', state: 'LAST_ACK', x: R, y: row(5) },
  { id: 'TIME_WAIT', state: 'TIME_WAIT', x: C, y: row(6) },
  { id: 'CLOSED_END', state: 'CLOSED', x: R, y: row(6) },
];

// Hand-drawn routes, one per pair of boxes (row centres 16, 58, 100, 142, 184, 226, 268).
const routes: Readonly<Record<string, string>> = {
  'CLOSED>LISTEN': 'M 208 29 L 208 45',
  'LISTEN>CLOSED': 'M 232 45 L 232 29',
  'CLOSED>SYN_SENT': 'M 277 20 C 330 20, 350 44, 350 87',
  'SYN_SENT>CLOSED': 'M 396 87 C 396 32, 350 11, 277 11',
  'LISTEN>SYN_RECEIVED': 'M 184 71 L 108 87',
  'LISTEN>SYN_SENT': 'M 256 71 L 332 87',
  'SYN_RECEIVED>LISTEN': 'M 36 87 C 36 64, 90 58, 163 58',
  'SYN_RECEIVED>CLOSED': 'M 18 87 C 4 36, 80 14, 163 14',
  'SYN_SENT>SYN_RECEIVED': 'M 313 100 L 127 100',
  'SYN_SENT>ESTABLISHED': 'M 336 113 L 258 129',
  'SYN_RECEIVED>ESTABLISHED': 'M 104 113 L 182 129',
  'SYN_RECEIVED>FIN_WAIT_1': 'M 40 113 L 40 171',
  'ESTABLISHED>FIN_WAIT_1': 'M 182 155 L 104 171',
  'ESTABLISHED>CLOSE_WAIT': 'M 258 155 L 336 171',
  'ESTABLISHED>CLOSED': 'M 277 138 C 452 130, 452 262, 427 266',
  'FIN_WAIT_1>FIN_WAIT_2': 'M 70 197 L 70 213',
  'FIN_WAIT_1>CLOSING': 'M 127 188 L 194 213',
  'FIN_WAIT_1>TIME_WAIT': 'M 100 197 C 140 206, 142 242, 176 255',
  'FIN_WAIT_1>CLOSED': 'M 13 188 C -10 210, -10 294, 60 294 L 336 294 C 360 294, 370 290, 370 281',
  'FIN_WAIT_2>TIME_WAIT': 'M 70 239 C 70 262, 120 268, 163 268',
  'FIN_WAIT_2>CLOSED': 'M 13 230 C -6 246, 0 294, 60 294 L 336 294 C 360 294, 370 290, 370 281',
  'CLOSE_WAIT>LAST_ACK': 'M 370 197 L 370 213',
  'CLOSE_WAIT>CLOSED': 'M 427 190 C 446 204, 446 254, 427 262',
  'CLOSING>TIME_WAIT': 'M 220 239 L 220 255',
  'CLOSING>CLOSED': 'M 277 231 C 300 240, 315 250, 326 255',
  'LAST_ACK>CLOSED': 'M 370 239 L 370 255',
  'TIME_WAIT>CLOSED': 'M 277 268 L 313 268',
};

// Into CLOSED from the lower half of the diagram: the bottom CLOSED box.
const endsBelow = new Set<TcpState>([
  'ESTABLISHED',
  'FIN_WAIT_1',
  'FIN_WAIT_2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'TIME_WAIT',
]);

/** The box an arrow from `from` into `to` ends in. */
export function targetNode(from: TcpState, to: TcpState): string {
  return to === 'CLOSED' && endsBelow.has(from) ? 'CLOSED_END' : to;
}

function buildEdges(): DiagramEdge[] {
  const byPair = new Map<string, TcpTransition[]>();
  for (const transition of tcpTransitions) {
    const key = `${transition.from}>${transition.to}`;
    byPair.set(key, [...(byPair.get(key) ?? []), transition]);
  }
  return [...byPair].map(([id, transitions]) => {
    const first = transitions[0]!;
    const d = routes[id];
    if (d === undefined) throw new Error(`stateDiagramLayout: no route for ${id}`);
    return {
      id,
      from: first.from,
      to: first.to,
      toNode: targetNode(first.from, first.to),
      d,
      transitions,
      figure: transitions.some((t) => t.figure),
      reset: transitions.every((t) => t.event === 'tcp.rcv_rst'),
    };
  });
}

/** Every arrow of the diagram, one per pair of states that `tcpTransitions` links. */
export const diagramEdges: readonly DiagramEdge[] = buildEdges();

/** The arrow from `from` to `to`, if the diagram has one. */
export function edgeBetween(from: TcpState, to: TcpState): DiagramEdge | undefined {
  return diagramEdges.find((edge) => edge.from === from && edge.to === to);
}

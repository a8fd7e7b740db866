import type { StepAnimation, StepPlan } from './plan.ts';

/** The `id` every animation socklab starts carries (`step:packet.fly`), so tests and tools can find them. */
export const animationIdPrefix = 'step:';

/** How long each kind holds the stage before the next one starts, in ms (a packet's flight, a socket's arrival). */
const beats: Readonly<Record<StepAnimation['kind'], number>> = {
  'socket.appear': 320,
  'address.attach': 260,
  'queue.open': 260,
  'queue.fill': 300,
  'queue.take': 380,
  'packet.fly': 480,
  'bytes.send': 420,
  'bytes.arrive': 200,
  'bytes.read': 420,
  'state.change': 0,
  'socket.close': 240,
  'call.block': 0,
  'call.wake': 120,
};
/** A step never takes longer than this to show: the beats shrink to fit. */
const longestStepMs = 2400;

type Point = { x: number; y: number };

/** The centre of `element` when it is laid out on screen, else null (hidden: another tab, the presenter's other lane). */
function centreOf(element: Element | null): Point | null {
  if (element === null) return null;
  const box = element.getBoundingClientRect();
  if (box.width === 0 && box.height === 0) return null;
  return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
}

const cardOf = (root: ParentNode, socket: string | null) =>
  socket === null ? null : root.querySelector(`[data-testid="socket-card"][data-socket="${CSS.escape(socket)}"]`);

/** Where a socket is on screen: its card, else its actor's tab, else null. */
function placeOf(root: ParentNode, socket: string | null, actor: string | null): Point | null {
  const card = centreOf(cardOf(root, socket));
  if (card !== null || actor === null) return card;
  return centreOf(root.querySelector(`[data-testid="actor-tab"][data-actor="${CSS.escape(actor)}"]`));
}

/** The actor whose card shows `socket`. */
const actorOf = (root: ParentNode, socket: string | null) =>
  cardOf(root, socket)?.closest('[data-testid^="lane-"]')?.getAttribute('data-testid')?.slice('lane-'.length) ?? null;

/** Where a segment to or from no socket of the lab goes: the wire panel, else the middle of the window. */
const nowhere = (root: ParentNode): Point =>
  centreOf(root.querySelector('[data-testid="wire-panel"]')) ?? { x: window.innerWidth / 2, y: window.innerHeight / 2 };

/** One animation to start: what it moves, and how. */
type Move = {
  kind: StepAnimation['kind'];
  target: Element;
  frames: Keyframe[];
  duration: number;
  /** A token made for the move, removed when it ends. */
  token?: HTMLElement;
  /** The duration is a hold measured in the plan's time: never scaled. */
  exact?: true;
};

const pop = (from: number): Keyframe[] => [
  { transform: `scale(${from})`, opacity: 0 },
  { transform: 'scale(1)', opacity: 1 },
];
const pulse: Keyframe[] = [{ transform: 'scale(1)' }, { transform: 'scale(1.18)' }, { transform: 'scale(1)' }];

function token(className: string, text: string): HTMLElement {
  const element = document.createElement('div');
  element.className = `motion-token ${className}`;
  element.textContent = text;
  return element;
}

/** A token's flight from `a` to `b`, centred on each point. */
function flight(a: Point, b: Point): Keyframe[] {
  const at = (p: Point, scale: number) => `translate(${p.x}px, ${p.y}px) translate(-50%, -50%) scale(${scale})`;
  return [
    { transform: at(a, 0.6), opacity: 0 },
    { transform: at(a, 1), opacity: 1, offset: 0.12 },
    { transform: at(b, 1), opacity: 1, offset: 0.88 },
    { transform: at(b, 0.7), opacity: 0 },
  ];
}

const flagClass = (flags: readonly string[]) =>
  flags.includes('RST')
    ? 'is-rst'
    : flags.includes('FIN')
      ? 'is-fin'
      : flags.includes('SYN')
        ? 'is-syn'
        : flags.includes('PSH')
          ? 'is-data'
          : 'is-ack';

/**
 * What one planned animation moves on screen, measured now (reads only: no layout is written
 * here); `hold` is how long a token that waits for a later animation stays.
 */
function movesOf(animation: StepAnimation, root: ParentNode, hold: number): Move[] {
  const card = 'socket' in animation ? cardOf(root, animation.socket) : null;
  const inCard = (selector: string) => card?.querySelector(selector) ?? null;
  const fly = (from: Point | null, to: Point | null, element: HTMLElement, duration: number): Move[] =>
    from === null || to === null
      ? []
      : [{ kind: animation.kind, target: element, frames: flight(from, to), duration, token: element }];
  switch (animation.kind) {
    case 'socket.appear': {
      const moves: Move[] =
        card === null ? [] : [{ kind: animation.kind, target: card, frames: pop(0.6), duration: 420 }];
      if (animation.from === null) return moves;
      // accept(): the connection leaves the listener's queue as this new socket.
      const queue = centreOf(cardOf(root, animation.from)?.querySelector('.queue-meter') ?? null);
      return [...fly(queue, centreOf(card), token('motion-conn', '⇄'), 420), ...moves];
    }
    case 'address.attach': {
      const address = inCard('.addr > span');
      return address === null ? [] : [{ kind: animation.kind, target: address, frames: pop(1.8), duration: 420 }];
    }
    case 'queue.open': {
      const slots = inCard('.queue-meter .slots');
      const frames: Keyframe[] = [
        { transform: 'scaleX(0)', opacity: 0 },
        { transform: 'scaleX(1)', opacity: 1 },
      ];
      return slots === null ? [] : [{ kind: animation.kind, target: slots, frames, duration: 420 }];
    }
    case 'queue.fill': {
      // The connection waits in its place until accept() takes it (the meter shows the end state).
      const slot = centreOf(card?.querySelectorAll('.queue-meter .slots i')[animation.length - 1] ?? null);
      if (slot === null) return [];
      const held = token('motion-slot', '');
      const at = `translate(${slot.x}px, ${slot.y}px) translate(-50%, -50%)`;
      const frames: Keyframe[] = [
        { transform: `${at} scale(0.2)`, opacity: 0 },
        { transform: `${at} scale(1)`, opacity: 1, offset: Math.min(0.5, 300 / hold) },
        { transform: `${at} scale(1)`, opacity: 1 },
      ];
      return [{ kind: animation.kind, target: held, frames, duration: hold, token: held, exact: true }];
    }
    case 'queue.take': {
      const meter = inCard('.queue-meter .q');
      const frames: Keyframe[] = [{ transform: 'scale(1.3)' }, { transform: 'scale(1)' }];
      return meter === null ? [] : [{ kind: animation.kind, target: meter, frames, duration: 380 }];
    }
    case 'packet.fly': {
      const from =
        animation.from === null ? nowhere(root) : placeOf(root, animation.from, actorOf(root, animation.from));
      const to = animation.to === null ? nowhere(root) : placeOf(root, animation.to, actorOf(root, animation.to));
      const label = animation.flags.join('+');
      return fly(from, to, token(`motion-packet ${flagClass(animation.flags)}`, label), 620);
    }
    case 'bytes.send': {
      const to = cardOf(root, animation.to)?.querySelector('[data-q="recv"]') ?? cardOf(root, animation.to);
      return fly(centreOf(card), centreOf(to), token('motion-bytes', `${animation.bytes} B`), 600);
    }
    case 'bytes.arrive':
    case 'bytes.read': {
      const queue = inCard('[data-q="recv"]');
      const moves: Move[] =
        queue === null ? [] : [{ kind: animation.kind, target: queue, frames: pulse, duration: 360 }];
      if (animation.kind === 'bytes.arrive') return moves;
      // read(): the bytes leave the receive queue for the program.
      const program = root.querySelector(`[data-testid="code-${CSS.escape(animation.actor)}"] .is-current`);
      return [...moves, ...fly(centreOf(queue), centreOf(program), token('motion-bytes', `${animation.bytes} B`), 560)];
    }
    case 'state.change': {
      const badge = inCard('.tcp-badge');
      return badge === null ? [] : [{ kind: animation.kind, target: badge, frames: pulse, duration: 480 }];
    }
    case 'socket.close': {
      const frames: Keyframe[] = [{ transform: 'scale(1)' }, { transform: 'scale(0.94)' }, { transform: 'scale(1)' }];
      return card === null ? [] : [{ kind: animation.kind, target: card, frames, duration: 420 }];
    }
    case 'call.block':
    case 'call.wake': {
      const pill = root.querySelector(`[data-testid="process-${CSS.escape(animation.actor)}"]`);
      return pill === null ? [] : [{ kind: animation.kind, target: pill, frames: pulse, duration: 420 }];
    }
    default: {
      const unknown: never = animation;
      throw new Error(`movesOf: unhandled animation ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * Shows one step's plan with the Web Animations API, transforms and opacity only: first
 * every position is measured, then tokens are added to `layer` and every animation
 * starts, in the plan's order. The animations of the moment before are finished first
 * (a new step), go on (a later batch of the same step plays after them), or are
 * cancelled (`still`: back, a jump), so nothing stale stays.
 * With `prefers-reduced-motion: reduce` nothing moves. Returns the animations started.
 */
export function playStep(
  plan: StepPlan,
  layer: HTMLElement,
  previous: readonly globalThis.Animation[],
  root: ParentNode = document,
): globalThis.Animation[] {
  const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  if (plan.motion === 'still' || reduced) {
    for (const animation of previous) animation.cancel();
    layer.dataset.motion = reduced && plan.motion === 'play' ? 'reduced' : 'still';
    layer.dataset.kinds = plan.animations.map((a) => a.kind).join(' ');
    layer.dataset.played = '0';
    return [];
  }
  // Events that move nothing (the lesson's checks) leave what moves alone.
  if (plan.animations.length === 0) return [...previous];
  // A later batch of the same step goes on after what still moves; a new step starts now.
  let at = 0;
  const kept: globalThis.Animation[] = [];
  for (const animation of previous) {
    if (!plan.continues) animation.finish();
    else if (animation.playState !== 'finished') {
      kept.push(animation);
      const { endTime = 0, localTime } = animation.effect?.getComputedTiming() ?? {};
      at = Math.max(at, Math.min(longestStepMs, Number(endTime) - Number(localTime ?? 0)));
    }
  }
  const kinds = plan.animations.map((a) => a.kind).join(' ');
  layer.dataset.kinds = plan.continues && layer.dataset.motion === 'play' ? `${layer.dataset.kinds} ${kinds}` : kinds;
  layer.dataset.motion = 'play';
  const total = plan.animations.reduce((sum, a) => sum + beats[a.kind], 0);
  const scale = total > longestStepMs ? longestStepMs / total : 1;
  const starts = plan.animations.map((animation) => {
    const start = at;
    at += beats[animation.kind] * scale;
    return start;
  });
  // Every position is read before anything is added or started.
  const steps = plan.animations.map((animation, i) => {
    const start = starts[i] ?? 0;
    const take = plan.animations.findIndex(
      (a, j) => j > i && a.kind === 'queue.take' && 'socket' in animation && a.socket === animation.socket,
    );
    const hold = take < 0 ? 900 : (starts[take] ?? start) - start + 200;
    return { start, moves: movesOf(animation, root, hold) };
  });
  const started: globalThis.Animation[] = [];
  for (const { start, moves } of steps) {
    for (const move of moves) {
      if (move.token !== undefined) layer.append(move.token);
      const running = move.target.animate(move.frames, {
        duration: move.exact ? move.duration : move.duration * Math.max(scale, 0.6),
        delay: start,
        easing: 'cubic-bezier(0.3, 0.7, 0.3, 1)',
        fill: 'backwards',
        id: `${animationIdPrefix}${move.kind}`,
      });
      const { token: made } = move;
      if (made !== undefined) {
        const remove = () => made.remove();
        running.addEventListener('finish', remove);
        running.addEventListener('cancel', remove);
      }
      started.push(running);
    }
  }
  layer.dataset.played = String(Number(plan.continues ? (layer.dataset.played ?? 0) : 0) + started.length);
  return [...kept, ...started];
}

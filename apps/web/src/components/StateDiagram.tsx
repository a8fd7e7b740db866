import { type TcpTransition, transitionKey } from '@socklab/lifecycle';
import type { TcpState } from '@socklab/protocol';
import { memo, type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { actorName, type Strings } from '../i18n/strings.ts';
import { useStrings } from '../i18n/useStrings.ts';
import { useLab, useLabStore } from '../store/useLab.ts';
import type { TcpChange } from '../view/endpoints.ts';
import { tcpTone } from '../view/tcpTone.ts';
import { type EndpointView, type LabView, shownEndpoint } from '../view/viewAt.ts';
import { actorTone, endpointLabel } from './endpointLabel.ts';
import { FoldToggle } from './FoldToggle.tsx';
import { InfoButton } from './InfoButton.tsx';
import { recentItems } from './recentItems.ts';
import {
  type DiagramEdge,
  diagramEdges,
  diagramNodes,
  edgeBetween,
  NODE_H,
  NODE_W,
  targetNode,
  VIEW_BOX,
} from './stateDiagramLayout.ts';

const HOP_MS = 520;
/** How many endpoints neither open nor in the kernel's table keep their chip before older ones fold. */
const KEPT_CHIPS = 6;

type Hop = { from: TcpState; to: TcpState; edge: DiagramEdge | undefined };

const hopsOf = (change: TcpChange): Hop[] =>
  change.path.slice(1).map((to, i) => {
    const from = change.path[i]!;
    return { from, to, edge: edgeBetween(from, to) };
  });

/** The labels of the transitions an arrow stands for; a reset only when an RST was on the wire. */
function hopLabel(hop: Hop, reset: boolean, t: Strings): string {
  const all = hop.edge?.transitions ?? [];
  const chosen = all.filter((tr) => (tr.event === 'tcp.rcv_rst') === reset);
  return (chosen.length > 0 ? chosen : all).map((tr) => transitionLabel(t, tr)).join(t('diagram.or'));
}

const edgeTitle = (transitions: readonly TcpTransition[], t: Strings) =>
  transitions.map((tr) => `${transitionLabel(t, tr)} (${tr.section})`).join(t('diagram.or'));

/** A transition's words, "cause / action" as RFC 9293 writes them, in the UI's language. */
// The keys are lifecycle's transitionKey()s; strings.test.ts checks every transition has words.
const transitionLabel = (t: Strings, tr: TcpTransition): string =>
  (t as unknown as (key: string) => string)(`transition.${transitionKey(tr)}`);

function useReducedMotion(): boolean {
  const [reduced, setReduced] = useState(() => window.matchMedia('(prefers-reduced-motion: reduce)').matches);
  useEffect(() => {
    const query = window.matchMedia('(prefers-reduced-motion: reduce)');
    const onChange = () => setReduced(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return reduced;
}

/** The RFC 9293 TCP state diagram, following one endpoint: its state now, the change just reported, its past. */
export const StateDiagram = memo(function StateDiagram({ view }: { view: LabView }) {
  const t = useStrings();
  const store = useLabStore();
  const selected = useLab((s) => s.selectedEndpoint);
  const endpoint = shownEndpoint(view, selected);
  const [hovered, setHovered] = useState<string | null>(null);
  const [allChips, setAllChips] = useState(false);
  // A long session's finished endpoints fold behind one chip: the row of chips and the DOM stay flat.
  const chips = recentItems(
    view.endpoints.filter((e) => e.history.length > 0),
    (e) => e.open || e.inKernel,
    (e) => e.key === endpoint?.key,
    KEPT_CHIPS,
    allChips,
  );
  const lab = chips.shown;
  const labels = lab.map((e) => endpointLabel(view, e, t));
  const names = new Map<string, number>();
  for (const label of labels) names.set(label.name, (names.get(label.name) ?? 0) + 1);
  const state = endpoint?.state ?? null;

  return (
    <section
      className="diagram-card"
      aria-label={t('diagram.title')}
      data-testid="state-diagram-card"
      data-endpoint={endpoint?.key ?? ''}
    >
      <header className="diagram-head">
        <h2 className="panel-title-inline">
          {t('diagram.title')} <small>{t('diagram.source')}</small>
        </h2>
        <InfoButton text={t('diagram.hint')} />
        {lab.length > 0 && (
          <div className="endpoint-chips" role="toolbar" aria-label={t('diagram.pick')}>
            <FoldToggle
              className="endpoint-chip endpoint-chip-more"
              testId="endpoint-chips-more"
              folded={chips.folded}
              open={allChips}
              onToggle={() => setAllChips((all) => !all)}
              label={allChips ? t('diagram.fewer') : t('diagram.earlier', { count: chips.folded })}
              title={allChips ? undefined : t('diagram.earlierTitle')}
            />
            {lab.map((e, i) => {
              const label = labels[i]!;
              // Several programs may name their socket alike (`sock`): say whose it is.
              const shared = (names.get(label.name) ?? 0) > 1;
              const name = shared && label.actor !== null ? `${label.name} · ${actorName(t, label.actor)}` : label.name;
              const on = e.key === endpoint?.key;
              return (
                <button
                  key={e.key}
                  type="button"
                  className={`endpoint-chip actor-${actorTone(label.actor)}${on ? ' is-on' : ''}`}
                  aria-pressed={on}
                  title={[label.name, label.detail, label.note].filter((x) => x !== null).join(' · ')}
                  data-testid="endpoint-chip"
                  data-endpoint={e.key}
                  onClick={() => store.getState().selectEndpoint(e.key)}
                >
                  <span className="chip-name">{name}</span>
                  {e.state !== null && <span className={`chip-dot tone-${tcpTone(e.state)}`} aria-hidden="true" />}
                </button>
              );
            })}
          </div>
        )}
      </header>
      <div className="diagram-body">
        <DiagramSvg endpoint={endpoint} view={view} hovered={hovered} onHover={setHovered} />
      </div>
      <Caption endpoint={endpoint} hovered={hovered} state={state} playground={view.lesson?.id === 'playground'} />
    </section>
  );
});

type SvgProps = {
  endpoint: EndpointView | null;
  view: LabView;
  hovered: string | null;
  onHover: (id: string | null) => void;
};

function DiagramSvg({ endpoint, view, hovered, onHover }: SvgProps) {
  const t = useStrings();
  const reduced = useReducedMotion();
  const state = endpoint?.state ?? null;
  const last = endpoint?.last ?? null;

  const { visitedEdges, visitedNodes, currentNode } = useMemo(() => {
    const edges = new Set<string>();
    const nodes = new Set<string>();
    if (endpoint === null) return { visitedEdges: edges, visitedNodes: nodes, currentNode: null };
    nodes.add(endpoint.origin);
    let node: string = endpoint.origin;
    for (const change of endpoint.changes) {
      for (const hop of hopsOf(change)) {
        if (hop.edge !== undefined) edges.add(hop.edge.id);
        node = targetNode(hop.from, hop.to);
        nodes.add(node);
      }
    }
    return { visitedEdges: edges, visitedNodes: nodes, currentNode: endpoint.state === null ? null : node };
  }, [endpoint]);

  const hops = last === null ? [] : hopsOf(last);
  const taken = new Set(hops.flatMap((h) => (h.edge === undefined ? [] : [h.edge.id])));
  const passed = hops.slice(0, -1).map((h) => targetNode(h.from, h.to));
  const animationKey = `${endpoint?.key ?? 'none'}:${last?.seq ?? -1}`;
  const label = endpoint === null ? null : endpointLabel(view, endpoint, t);

  return (
    <svg
      className="state-diagram"
      data-testid="state-diagram"
      data-current={state ?? ''}
      data-endpoint={endpoint?.key ?? ''}
      data-from={last?.from ?? ''}
      data-path={last?.path.join(' ') ?? ''}
      viewBox={`${VIEW_BOX.x} ${VIEW_BOX.y} ${VIEW_BOX.width} ${VIEW_BOX.height}`}
      role="img"
      aria-label={t('diagram.label', { state: state ?? '—' })}
    >
      <defs>
        {(['base', 'next', 'visited', 'taken', 'hover'] as const).map((kind) => (
          <marker
            key={kind}
            id={`arrow-${kind}`}
            className={`arrowhead arrowhead-${kind}`}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            markerUnits="userSpaceOnUse"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" />
          </marker>
        ))}
      </defs>

      <g className="edges">
        {diagramEdges.map((edge) => {
          const isTaken = taken.has(edge.id);
          const isVisited = visitedEdges.has(edge.id);
          const isHovered = hovered === edge.id;
          const isNext = state !== null && edge.from === state && edge.figure && !isTaken;
          if (!edge.figure && !isTaken && !isVisited && !isHovered) return null;
          const kind = isHovered ? 'hover' : isTaken ? 'taken' : isVisited ? 'visited' : isNext ? 'next' : 'base';
          const classes = ['edge', `edge-${kind}`];
          if (!edge.figure) classes.push('is-extra');
          if (edge.reset) classes.push('is-reset');
          return (
            <g key={edge.id} className={classes.join(' ')} data-edge={edge.id}>
              <path d={edge.d} markerEnd={`url(#arrow-${kind})`} />
              <path
                className="edge-hit"
                d={edge.d}
                onPointerEnter={() => onHover(edge.id)}
                onPointerLeave={() => onHover(null)}
              >
                <title>{`${edge.from} → ${edge.to}: ${edgeTitle(edge.transitions, t)}`}</title>
              </path>
            </g>
          );
        })}
      </g>

      {hops.length > 0 && (
        <g className="taken-path" key={animationKey}>
          {hops.map((hop, i) =>
            hop.edge === undefined ? null : (
              <path
                key={hop.edge.id}
                className="edge-draw"
                d={hop.edge.d}
                style={{ animationDelay: `${i * HOP_MS}ms`, animationDuration: `${HOP_MS}ms` }}
              />
            ),
          )}
          {!reduced && <Token hops={hops} />}
        </g>
      )}

      <g className="nodes">
        {diagramNodes.map((node) => {
          const isCurrent = node.id === currentNode;
          const passedAt = passed.indexOf(node.id);
          const classes = ['node', `tone-${tcpTone(node.state)}`];
          if (isCurrent) classes.push('is-current');
          else if (passedAt >= 0) classes.push('is-passed');
          else if (visitedNodes.has(node.id)) classes.push('is-visited');
          const delay = isCurrent ? hops.length * HOP_MS : passedAt >= 0 ? (passedAt + 1) * HOP_MS : 0;
          return (
            <g
              key={isCurrent ? `${node.id}:${animationKey}` : node.id}
              className={classes.join(' ')}
              data-node={node.id}
              data-state={node.state}
              style={{ animationDelay: `${delay}ms` }}
            >
              {(isCurrent || passedAt >= 0) && (
                // What the node looked like before this change, under its new look while that fades in.
                <rect
                  className="node-base"
                  x={node.x - NODE_W / 2}
                  y={node.y - NODE_H / 2}
                  width={NODE_W}
                  height={NODE_H}
                  rx={7}
                />
              )}
              <rect
                x={node.x - NODE_W / 2}
                y={node.y - NODE_H / 2}
                width={NODE_W}
                height={NODE_H}
                rx={7}
                style={{ animationDelay: `${delay}ms` }}
              />
              <text x={node.x} y={node.y} dominantBaseline="central" textAnchor="middle">
                {node.state}
              </text>
            </g>
          );
        })}
      </g>

      <g className="diagram-legend">
        <rect x={-10} y={262} width={14} height={9} rx={2} className="legend-now" />
        <text x={8} y={267} dominantBaseline="central">
          {t('diagram.now')}
        </text>
        <rect x={-10} y={278} width={14} height={9} rx={2} className="legend-passed" />
        <text x={8} y={283} dominantBaseline="central">
          {t('diagram.passed')}
        </text>
      </g>

      {label !== null && (
        <g className={`diagram-who actor-${actorTone(label.actor)}`}>
          <text x={-4} y={14} className="who-name">
            {label.name}
          </text>
          <text x={-4} y={30} className="who-detail">
            {label.actor !== null ? `${actorName(t, label.actor)} · ${label.detail}` : label.detail}
          </text>
          {label.note !== null && (
            <text x={-4} y={44} className="who-detail">
              {label.note}
            </text>
          )}
        </g>
      )}
    </svg>
  );
}

/**
 * A dot that runs along the arrows of the last change, one arrow after the other: a transform
 * through points of the path, which the compositor plays (an SVG `animateMotion` is drawn
 * again on the main thread at every frame).
 */
function Token({ hops }: { hops: readonly Hop[] }) {
  const dot = useRef<SVGCircleElement>(null);
  const d = hops.flatMap((h) => (h.edge === undefined ? [] : [h.edge.d])).join(' ');
  useEffect(() => {
    const element = dot.current;
    if (element === null || d === '') return;
    const running = element.animate(alongPath(d), { duration: hops.length * HOP_MS, fill: 'forwards' });
    return () => running.cancel();
  }, [d, hops.length]);
  if (d === '') return null;
  return <circle ref={dot} className="token" r={5} style={{ animationDelay: `${hops.length * HOP_MS}ms` }} />;
}

/** Points along an SVG path as translate keyframes, evenly spaced by length (`getPointAtLength`). */
function alongPath(d: string, points = 24): Keyframe[] {
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', d);
  const length = path.getTotalLength();
  return Array.from({ length: points + 1 }, (_, i) => {
    const at = path.getPointAtLength((length * i) / points);
    return { transform: `translate(${at.x}px, ${at.y}px)` };
  });
}

type CaptionProps = {
  endpoint: EndpointView | null;
  hovered: string | null;
  state: TcpState | null;
  /** The playground has no Step: its empty diagram says how to make a socket there. */
  playground: boolean;
};

function Caption({ endpoint, hovered, state, playground }: CaptionProps) {
  const t = useStrings();
  const edge = hovered === null ? undefined : diagramEdges.find((e) => e.id === hovered);
  let body: ReactNode;
  if (edge !== undefined) {
    body = (
      <p className="caption-main">
        <b>
          {edge.from} → {edge.to}
        </b>
        {': '}
        {edgeTitle(edge.transitions, t)}
      </p>
    );
  } else if (endpoint === null) {
    body = <p className="caption-main muted">{t(playground ? 'diagram.emptyPlayground' : 'diagram.empty')}</p>;
  } else if (endpoint.last === null) {
    body = <p className="caption-main">{state === null ? t('diagram.fdClosed') : t('diagram.noChange', { state })}</p>;
  } else {
    const last = endpoint.last;
    const hops = hopsOf(last);
    const between = last.path.slice(1, -1);
    body = (
      <>
        <p className="caption-main" data-testid="diagram-change">
          <b>{t('diagram.reported', { from: last.from, to: last.to })}</b>
          {between.length > 0 && (
            <span className="caption-via"> · {t('diagram.via', { states: between.join(', ') })}</span>
          )}
        </p>
        <ol className="caption-hops">
          {hops.map((hop) => (
            <li key={`${hop.from}>${hop.to}`}>
              <code>
                {hop.from} → {hop.to}
              </code>
              <span>{hopLabel(hop, last.reset, t)}</span>
            </li>
          ))}
        </ol>
      </>
    );
  }
  return (
    <footer className="diagram-caption" aria-live="polite">
      {body}
    </footer>
  );
}

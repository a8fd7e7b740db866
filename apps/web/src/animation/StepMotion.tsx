import { memo, useLayoutEffect, useRef } from 'react';
import './motion.css';
import { useLab, useLog } from '../store/useLab.ts';
import type { LabView } from '../view/viewAt.ts';
import { basesOf, planStep, type SocketBase, type StepPlan } from './plan.ts';
import { playStep } from './play.ts';

/** More new events than any one step makes: a jump, shown at once. */
const maxStepEvents = 400;
const still: StepPlan = { motion: 'still', animations: [], continues: false };

type Moment = { log: readonly unknown[]; cursor: number; sockets: Map<string, SocketBase> };

/**
 * The stage's motion: after each render at another moment, what the log says happened
 * since the moment shown before moves on screen (`planStep`, `playStep`). It is planned and
 * started in the next animation frame, before that frame paints: the positions it reads are
 * that frame's own layout (computed once, not forced in the commit that shows the step), and
 * the step's new DOM is never painted without its motion. Moments committed before that
 * frame fold into one plan from the moment last played. Back, a jump or a new log shows the
 * moment at once. Renders one empty overlay for the tokens (`data-pending` while a plan waits
 * for its frame); no React state changes while anything moves.
 */
export const StepMotion = memo(function StepMotion({ view }: { view: LabView }) {
  const { log } = useLog();
  const cursor = useLab((s) => s.cursor);
  const layer = useRef<HTMLDivElement>(null);
  const shown = useRef<Moment | null>(null);
  // The moment the plan waiting for its frame starts from (the last one played).
  const from = useRef<Moment | null>(null);
  const frame = useRef<number | null>(null);
  const running = useRef<Animation[]>([]);

  useLayoutEffect(() => {
    const element = layer.current;
    const before = shown.current;
    if (element === null || (before !== null && before.log === log && before.cursor === cursor)) return;
    const now = { log, cursor, sockets: basesOf(view.sockets) };
    shown.current = now;
    if (before === null) return;
    from.current ??= before;
    if (frame.current !== null) cancelAnimationFrame(frame.current);
    element.dataset.pending = 'true';
    frame.current = requestAnimationFrame(() => {
      const start = from.current;
      frame.current = null;
      from.current = null;
      delete element.dataset.pending;
      if (start === null) return;
      const forward = start.log === now.log && now.cursor > start.cursor && now.cursor - start.cursor <= maxStepEvents;
      const plan = forward ? planStep(start.sockets, now.log.slice(start.cursor, now.cursor)) : still;
      running.current = playStep(plan, element, running.current);
    });
  }, [log, cursor, view]);

  useLayoutEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      for (const animation of running.current) animation.cancel();
    },
    [],
  );

  return <div ref={layer} className="motion-layer" data-testid="step-motion" aria-hidden="true" />;
});

import { useLayoutEffect, useRef } from 'react';
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
 * since the moment shown before moves on screen (`planStep`, `playStep`), before the
 * browser paints. Back, a jump or a new log shows the moment at once. Renders one
 * empty overlay for the tokens; no React state changes while anything moves.
 */
export function StepMotion({ view }: { view: LabView }) {
  const { log } = useLog();
  const cursor = useLab((s) => s.cursor);
  const layer = useRef<HTMLDivElement>(null);
  const shown = useRef<Moment | null>(null);
  const running = useRef<Animation[]>([]);

  useLayoutEffect(() => {
    const element = layer.current;
    const before = shown.current;
    if (element === null || (before !== null && before.log === log && before.cursor === cursor)) return;
    shown.current = { log, cursor, sockets: basesOf(view.sockets) };
    if (before === null) return;
    const forward = before.log === log && cursor > before.cursor && cursor - before.cursor <= maxStepEvents;
    const plan = forward ? planStep(before.sockets, log.slice(before.cursor, cursor)) : still;
    running.current = playStep(plan, element, running.current);
  }, [log, cursor, view]);

  useLayoutEffect(
    () => () => {
      for (const animation of running.current) animation.cancel();
    },
    [],
  );

  return <div ref={layer} className="motion-layer" data-testid="step-motion" aria-hidden="true" />;
}

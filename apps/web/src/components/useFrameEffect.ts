import { type DependencyList, useEffect } from 'react';

/**
 * `useEffect` whose body runs at the next animation frame, for an effect that
 * reads layout (`scrollHeight`, `offsetTop`) to scroll: read right after a
 * commit, the layout is computed once for the read and the frame waits for it;
 * read in the frame, it is the frame's own layout, computed once. A newer
 * commit before that frame cancels the older body.
 *
 * @example
 * useFrameEffect(() => box.current?.scrollTo({ top: box.current.scrollHeight }), [count]);
 */
export function useFrameEffect(effect: () => void, deps: DependencyList): void {
  useEffect(
    () => {
      const frame = requestAnimationFrame(effect);
      return () => cancelAnimationFrame(frame);
    },
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps are the effect's
    deps,
  );
}

/** Whether the user asked for less motion: scrolls jump instead of gliding. */
export const prefersReducedMotion = (): boolean => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

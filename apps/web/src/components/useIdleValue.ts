import { useEffect, useState } from 'react';

// However busy the page, what follows the idle browser is at most this late.
const idleTimeoutMs = 1000;

/**
 * `value`, taken on when the browser is next idle (within a second however busy
 * it is) instead of at once: for what is out of sight (a hidden tab) or costs
 * the whole log to show (the playground's C programs), so the frame that shows
 * a step does not pay for it.
 *
 * @example
 * const idleView = useIdleValue(view);
 */
export function useIdleValue<T>(value: T): T {
  const [idle, setIdle] = useState(value);
  useEffect(() => {
    if (Object.is(idle, value)) return;
    const id = requestIdleCallback(() => setIdle(() => value), { timeout: idleTimeoutMs });
    return () => cancelIdleCallback(id);
  }, [idle, value]);
  return idle;
}

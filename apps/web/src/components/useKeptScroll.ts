import { type DependencyList, type RefObject, useEffect, useRef } from 'react';
import { prefersReducedMotion, useFrameEffect } from './useFrameEffect.ts';

/**
 * Calls `again` whenever an element of `watched()` changes size after the effect
 * starts: the box itself (a resized window, presenter mode) or what is in it
 * (another language, the web fonts arriving and re-wrapping the text). A scroll
 * placed once then keeps its meaning instead of a position from the old layout.
 * The observer's first report of each element is no change and is skipped; it
 * runs after layout, before paint, so the new position is the frame's own.
 */
export function useOnResize(
  watched: () => readonly (Element | null | undefined)[],
  again: () => void,
  deps: DependencyList,
): void {
  useEffect(
    () => {
      if (typeof ResizeObserver === 'undefined') return;
      const elements = watched().filter((e): e is Element => e != null);
      if (elements.length === 0) return;
      let started = false;
      const observer = new ResizeObserver(() => {
        if (started) again();
        started = true;
      });
      for (const element of elements) observer.observe(element);
      return () => observer.disconnect();
    },
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps are the effect's
    deps,
  );
}

/**
 * Follows the newest row of a scrolling list: scrolls `box` to its end in the
 * frame after `grown` changes (a glide, unless the user asked for less motion),
 * and again whenever the list or the box changes size while it follows. It stops
 * following when the user scrolls back, and follows again at the end.
 */
export function useFollowEnd(box: RefObject<HTMLElement | null>, grown: number, active: boolean): void {
  const following = useRef(true);
  const toEnd = () => {
    const element = box.current;
    if (element === null || grown === 0 || !active || !following.current) return;
    element.scrollTo({ top: element.scrollHeight, behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
  };
  useFrameEffect(() => {
    following.current = true;
    toEnd();
  }, [grown, active]);
  useEffect(() => {
    const element = box.current;
    if (element === null || !active) return;
    let last = element.scrollTop;
    const onScroll = () => {
      const top = element.scrollTop;
      if (element.scrollHeight - top - element.clientHeight < 2) following.current = true;
      else if (top < last) following.current = false;
      last = top;
    };
    element.addEventListener('scroll', onScroll, { passive: true });
    return () => element.removeEventListener('scroll', onScroll);
  }, [box, active]);
  // The box, and its content: one wrapper (the wire), or the rows themselves, of which the last is the newest.
  useOnResize(() => [box.current, box.current?.firstElementChild, box.current?.lastElementChild], toEnd, [
    grown,
    active,
  ]);
}

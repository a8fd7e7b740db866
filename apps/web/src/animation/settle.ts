/**
 * Ends every animation of the page that started before now and would end by itself (the last
 * step's CSS keyframes and transitions, and its Web Animations: the diagram's path, the wire's
 * fresh packets, the table's flashes, the flying tokens), so each shows its end state and a new
 * step's work does not share frames with them. Animations that never end (a blocked call's
 * beat, the reconnecting dot) say something still true and go on. It is done in the next
 * animation frame, before that frame's style: `getAnimations` computes the page's style, which
 * in the click would be paid before the step's answer (measured: +6 ms at the median of
 * bench/browser.bench.ts); what starts after now (the new step's motion) is left alone.
 */
export function settleMotion(root: Document = document): void {
  const now = Number(root.timeline.currentTime ?? 0);
  requestAnimationFrame(() => {
    // Everything is read before anything is ended: each finish() makes the style dirty again.
    const earlier = root
      .getAnimations()
      .filter(
        (a) =>
          a.startTime !== null &&
          Number(a.startTime) < now &&
          a.playState !== 'finished' &&
          a.effect?.getTiming().iterations !== Number.POSITIVE_INFINITY,
      );
    for (const animation of earlier) animation.finish();
  });
}

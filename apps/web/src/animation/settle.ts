/**
 * Ends at once every animation of the page that would end by itself (the last step's CSS
 * keyframes and Web Animations: the diagram's path, the wire's fresh packets, the table's
 * flashes, the flying tokens), so each shows its end state and a new step's work does not
 * share its frames with them. Animations that never end (a blocked call's beat, the
 * reconnecting dot) say something still true and go on. Returns how many it ended.
 */
export function settleMotion(root: Document = document): number {
  let ended = 0;
  for (const animation of root.getAnimations()) {
    if (animation.playState === 'finished' || animation.playState === 'idle') continue;
    const end = animation.effect?.getComputedTiming().endTime;
    if (end === undefined || !Number.isFinite(Number(end))) continue;
    animation.finish();
    ended++;
  }
  return ended;
}

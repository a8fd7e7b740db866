/**
 * Ends at once every animation of the page that would end by itself (the last step's CSS
 * keyframes and transitions, and its Web Animations: the diagram's path, the wire's fresh
 * packets, the table's flashes, the flying tokens), so each shows its end state and a new
 * step's work does not share its frames with them. Animations that never end (a blocked
 * call's beat, the reconnecting dot) say something still true and go on. Everything is read
 * before anything is ended: the page's style is computed once (`getAnimations`), then once
 * more for each animation ended (Chromium's `finish()`), so the finished ones are left alone.
 */
export function settleMotion(root: Document = document): void {
  const running = root
    .getAnimations()
    .filter((a) => a.playState !== 'finished' && a.effect?.getTiming().iterations !== Number.POSITIVE_INFINITY);
  for (const animation of running) animation.finish();
}

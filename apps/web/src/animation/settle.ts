/**
 * Ends at once every animation of the page that would end by itself (the last step's CSS
 * keyframes and transitions, and its Web Animations: the diagram's path, the wire's fresh
 * packets, the table's flashes, the flying tokens), so each shows its end state and a new
 * step's work does not share its frames with them. Animations that never end (a blocked
 * call's beat, the reconnecting dot) say something still true and go on. Only the specified
 * timing is read, so the page's style is computed once (`getAnimations`), not once an animation.
 */
export function settleMotion(root: Document = document): void {
  for (const animation of root.getAnimations()) {
    if (animation.effect?.getTiming().iterations !== Number.POSITIVE_INFINITY) animation.finish();
  }
}

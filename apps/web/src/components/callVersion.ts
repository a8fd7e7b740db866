import type { CallView } from '../view/viewAt.ts';

/**
 * What of a call can change after it was entered, as one value: the fold changes
 * a `CallView` in place (it blocks, returns, is refused, moves bytes, causes
 * packets), so a memoized row compares this instead of the call itself.
 */
export function callVersion(call: CallView): string {
  return `${call.blocked ? 'b' : ''}${call.exit?.seq ?? ''}|${call.refused ?? ''}|${call.data.length}|${call.packets.length}`;
}

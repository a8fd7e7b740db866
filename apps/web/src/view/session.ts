import type { EventOf, SocklabEvent } from '@socklab/protocol';

/** The session the log is in: its hello and the errors the server answered. */
export type SessionState = {
  hello: EventOf<'session.hello'> | null;
  errors: EventOf<'error'>[];
};

export const emptySession = (): SessionState => ({ hello: null, errors: [] });

/** A copy that folding on does not change (events themselves are never changed). */
export const copySession = (state: SessionState): SessionState => ({ hello: state.hello, errors: [...state.errors] });

/**
 * Where a view of `log[0..end)` starts folding: at the latest `lesson.start` of
 * the latest session, else at that session's hello. Only the latest session
 * and, within it, the latest lesson count.
 */
export function rangeStart(log: readonly SocklabEvent[], end: number): { from: number; hello: number } {
  let start = -1;
  for (let i = end - 1; i >= 0; i--) {
    const type = log[i]!.type;
    if (start < 0 && type === 'lesson.start') start = i;
    if (type === 'session.hello') return { from: start >= 0 ? start : i, hello: i };
  }
  return { from: Math.max(start, 0), hello: -1 };
}

export function foldSession(state: SessionState, event: EventOf<'session.hello'> | EventOf<'error'>): void {
  if (event.type === 'session.hello') state.hello = event;
  else state.errors.push(event);
}

import type { EventOf, SocklabEvent } from '@socklab/protocol';

/** The latest call sent: who made it, on which socket, and where the log stood. */
export type SentCall = { actor: string; socket: string | null; at: number };

/** Where the answer to a sent call stands in the log. */
export type CallAnswer = {
  /** No answer yet: the call neither returned, blocked nor was refused. */
  pending: boolean;
  /** The refusal (an `error` event) that answered it, if any. */
  refusal: EventOf<'error'> | null;
};

const none: CallAnswer = { pending: false, refusal: null };

/**
 * How `log` answered `sent`: the actor's `syscall.exit` or `syscall.block`, an
 * `error`, or a new run (`lesson.start`, `session.hello`) ends the wait. A log
 * shorter than where the call left is a new session's: nothing is awaited.
 *
 * @example
 * answerOf({ actor: 'server', socket: null, at: log.length }, log).pending; // true until the answer comes
 */
export function answerOf(sent: SentCall | null, log: readonly SocklabEvent[]): CallAnswer {
  if (sent === null || sent.at > log.length) return none;
  for (let i = sent.at; i < log.length; i++) {
    const event = log[i]!;
    if (event.type === 'lesson.start' || event.type === 'session.hello') return none;
    if (event.type === 'error') return { pending: false, refusal: event };
    if ((event.type === 'syscall.exit' || event.type === 'syscall.block') && event.actor === sent.actor) return none;
  }
  return { pending: true, refusal: null };
}

import type { Step } from '@socklab/lessons';
import type { SocklabEvent } from '@socklab/protocol';

/** What a call will do (or did): return a value ≥ 0, fail with an errno, or block first. */
export type Outcome = { kind: 'return' } | { kind: 'block' } | { kind: 'errno'; errno: string };

/** The errnos a learner may expect of each call: the distractors beside the lesson's own expectation. */
const plausible: Readonly<Record<string, readonly string[]>> = {
  socket: ['EMFILE', 'EACCES', 'EAFNOSUPPORT'],
  setsockopt: ['EINVAL', 'ENOPROTOOPT', 'EBADF'],
  bind: ['EADDRINUSE', 'EINVAL', 'EACCES'],
  listen: ['EADDRINUSE', 'EINVAL', 'EOPNOTSUPP'],
  accept: ['EINVAL', 'EAGAIN', 'ECONNABORTED'],
  connect: ['ECONNREFUSED', 'ETIMEDOUT', 'EISCONN', 'EINPROGRESS'],
  read: ['ECONNRESET', 'EAGAIN', 'ENOTCONN'],
  write: ['EPIPE', 'ECONNRESET', 'EAGAIN'],
  shutdown: ['ENOTCONN', 'EINVAL', 'EBADF'],
  close: ['EBADF', 'EINTR', 'EIO'],
  getsockname: ['EBADF', 'EINVAL', 'ENOTSOCK'],
  getpeername: ['ENOTCONN', 'EBADF', 'EINVAL'],
  fcntl: ['EBADF', 'EINVAL', 'EAGAIN'],
  getsockopt: ['EBADF', 'ENOPROTOOPT', 'EINVAL'],
};

/** How many errnos a question offers. */
const ERRNO_CHOICES = 3;

/** A stable key for an outcome (a radio's value). */
export const outcomeKey = (o: Outcome): string => (o.kind === 'errno' ? `errno:${o.errno}` : o.kind);

/** The outcome a key names. */
export function outcomeOf(key: string): Outcome {
  if (key === 'return' || key === 'block') return { kind: key };
  if (key.startsWith('errno:')) return { kind: 'errno', errno: key.slice(6) };
  throw new Error(`outcomeOf: no outcome "${key}"`);
}

/**
 * The answers a question about `step` offers: return, block, and three errnos:
 * the one the lesson expects (if it expects one) and plausible others for the call,
 * in alphabetical order so the list never gives the answer away.
 *
 * @example
 * choicesFor(bindStep).map(outcomeKey) // ['return', 'block', 'errno:EACCES', 'errno:EADDRINUSE', 'errno:EINVAL']
 */
export function choicesFor(step: Pick<Step, 'call' | 'expect'>): Outcome[] {
  const expected = typeof step.expect.errno === 'string' ? [step.expect.errno] : [];
  const others = (plausible[step.call.syscall] ?? []).filter((e) => !expected.includes(e));
  const errnos = [...expected, ...others].slice(0, ERRNO_CHOICES).sort();
  return [{ kind: 'return' }, { kind: 'block' }, ...errnos.map((errno): Outcome => ({ kind: 'errno', errno }))];
}

/**
 * What the kernel did for step `index` of the run that began at `runSeq`
 * (its `lesson.start`): the first `syscall.block` or `syscall.exit` of the
 * call the step made. Null while no answer has come.
 */
export function kernelOutcome(
  log: readonly SocklabEvent[],
  runSeq: number,
  index: number,
  end = log.length,
): Outcome | null {
  let callId: number | null = null;
  for (let i = 0; i < end; i++) {
    const e = log[i]!;
    if (e.seq < runSeq) continue;
    if (e.type === 'lesson.start' && e.seq !== runSeq) return null;
    if (e.type === 'syscall.enter' && e.step === index && callId === null) callId = e.callId;
    else if (callId !== null && e.type === 'syscall.block' && e.callId === callId) return { kind: 'block' };
    else if (callId !== null && e.type === 'syscall.exit' && e.callId === callId)
      return e.errno === null ? { kind: 'return' } : { kind: 'errno', errno: e.errno.name };
  }
  return null;
}

/** The predictions of one run, by step index. */
export type RunPredictions = Readonly<Record<number, Outcome>>;

/** Right and total over the predicted steps the kernel has answered. */
export function scoreOf(
  predictions: RunPredictions,
  answer: (index: number) => Outcome | null,
): { right: number; total: number } {
  let right = 0;
  let total = 0;
  for (const [index, predicted] of Object.entries(predictions)) {
    const actual = answer(Number(index));
    if (actual === null) continue;
    total++;
    if (outcomeKey(actual) === outcomeKey(predicted)) right++;
  }
  return { right, total };
}

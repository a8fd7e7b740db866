import { flagSet, type SocklabEvent } from '@socklab/protocol';

/** What an answer is about: a call's return value (and errno), whether it blocked, SO_ERROR, a socket's TCP state, the segments a step caused. */
export type AnswerKind = 'returned' | 'blocked' | 'soError' | 'state' | 'segments';

/** The subject of an answer: its kind, the program (`actor`) and the call or socket it is about. */
export type Subject = { kind: AnswerKind; actor: string | null; about: string | null };

/**
 * Where this kernel's answer to a lesson step differs from a recording's:
 * `what` says it in English (the CLI prints it), `subject` in parts (the web translates them).
 */
export type Difference = { step: number; what: string; subject: Subject; recorded: string; live: string };

/** What the kernel answered at one lesson step, as comparable text, by `what`. */
type StepAnswers = Map<string, { subject: Subject; value: string }>;

/** The answers of each lesson step of a log's latest run, and the steps that finished. */
type RunAnswers = { steps: Map<number, StepAnswers>; finished: Set<number> };

const segmentsKey = 'segments it caused';
const whatOf: Record<AnswerKind, (actor: string, about: string) => string> = {
  returned: (actor, call) => `${actor} ${call}() returned`,
  blocked: (actor, call) => `${actor} ${call}() blocked`,
  soError: (actor) => `${actor} SO_ERROR`,
  state: (actor, socket) => `${actor} ${socket} TCP state`,
  segments: () => segmentsKey,
};

// fds and ports differ from run to run; what a call returned, its errno, the
// states it left and the segments it caused do not (packetdrill's idea: the
// kernel's behaviour is the expected trace).
function answersOf(events: readonly SocklabEvent[]): RunAnswers {
  const steps = new Map<number, StepAnswers>();
  const finished = new Set<number>();
  const stepOfCall = new Map<number, number>();
  const creates = new Set(['socket', 'accept']);
  const at = (step: number) => {
    const answers: StepAnswers = steps.get(step) ?? new Map();
    steps.set(step, answers);
    return answers;
  };
  const answer = (step: number, kind: AnswerKind, actor: string | null, about: string | null, value: string) =>
    at(step).set(whatOf[kind](actor ?? '', about ?? ''), { subject: { kind, actor, about }, value });
  let current: number | null = null;
  for (const e of events) {
    switch (e.type) {
      case 'lesson.start':
        steps.clear();
        finished.clear();
        stepOfCall.clear();
        current = null;
        break;
      case 'lesson.step':
        current = e.index;
        at(current);
        break;
      case 'lesson.ready':
      case 'lesson.end':
        // The server waits for the next step: the current one is over.
        if (current !== null) finished.add(current);
        break;
      case 'syscall.enter':
        if (e.step !== undefined) stepOfCall.set(e.callId, e.step);
        break;
      case 'syscall.exit': {
        const step = stepOfCall.get(e.callId);
        if (step === undefined) break;
        const ret = creates.has(e.syscall) && e.ret >= 0 ? newFd : String(e.ret);
        answer(step, 'returned', e.actor, e.syscall, e.errno ? `${ret} ${e.errno.name}` : ret);
        if (e.soError !== undefined) answer(step, 'soError', e.actor, null, e.soError?.name ?? 'none');
        answer(step, 'blocked', e.actor, e.syscall, String(e.blocked));
        break;
      }
      case 'packet': {
        const step = e.callId === null ? undefined : stepOfCall.get(e.callId);
        // A bare ACK may come with a call or after it, as Linux's delayed-ACK timer decides (WIRE-1).
        if (step === undefined || flagSet(e.flags) === 'ACK') break;
        const before = at(step).get(segmentsKey)?.value;
        answer(step, 'segments', null, null, [before, flagSet(e.flags)].filter(Boolean).join(' '));
        break;
      }
      case 'socket.state':
        if (current !== null && e.tcp !== null) answer(current, 'state', e.actor, e.name ?? e.socket, e.tcp);
        break;
      default:
        break;
    }
  }
  return { steps, finished };
}

/** The answer of a side that has none (the step made no such call, or sent no segment). */
export const nothing = '(nothing)';
/** The answer of a call that made a socket: fds differ from run to run, a new one is the answer. */
export const newFd = 'a new fd';

const captured = (events: readonly SocklabEvent[]) => events.some((e) => e.type === 'packet');

function differencesAt(step: number, was: RunAnswers, now: RunAnswers, packets: boolean): Difference[] {
  const a: StepAnswers = was.steps.get(step) ?? new Map();
  const b: StepAnswers = now.steps.get(step) ?? new Map();
  const differences: Difference[] = [];
  for (const what of new Set([...a.keys(), ...b.keys()])) {
    if (what === segmentsKey && !packets) continue;
    const recorded = a.get(what)?.value ?? nothing;
    const live = b.get(what)?.value ?? nothing;
    const subject = (a.get(what) ?? b.get(what))?.subject;
    if (recorded !== live && subject) differences.push({ step, what, subject, recorded, live });
  }
  return differences;
}

/**
 * Compares a recording of a lesson with a run of it now, step by step: return
 * values and errno, whether calls blocked, the TCP states the kernel reported
 * after each step and the segments each step's calls caused (but bare ACKs,
 * which a delayed-ACK timer may send during the call or after it). Packets
 * are compared only when both runs captured them. The CLI's `--compare` and
 * the web's "Run again on this kernel" both judge with it.
 *
 * @example
 * compareRuns(parseRecording(text).events, events) // [{ step: 2, what: 'server bind() returned', recorded: '0', live: '-1 EADDRINUSE' }]
 */
export function compareRuns(recorded: readonly SocklabEvent[], live: readonly SocklabEvent[]): Difference[] {
  const packets = captured(recorded) && captured(live);
  const was = answersOf(recorded);
  const now = answersOf(live);
  const steps = [...new Set([...was.steps.keys(), ...now.steps.keys()])].sort((a, b) => a - b);
  return steps.flatMap((step) => differencesAt(step, was, now, packets));
}

/** One lesson step judged: `pending` until the live run finished it. */
export type StepVerdict =
  | { step: number; status: 'pending' }
  | { step: number; status: 'match' }
  | { step: number; status: 'differs'; differences: Difference[] };

/**
 * Each of a lesson's `stepCount` steps judged as the live run goes: a step
 * the live run has not finished yet (the server not ready after it) is
 * `pending`; a finished one matches or lists where it differs, as `compareRuns`.
 *
 * @example
 * compareSteps(recording.events, liveLog, lesson.steps.length).filter((v) => v.status === 'differs')
 */
export function compareSteps(
  recorded: readonly SocklabEvent[],
  live: readonly SocklabEvent[],
  stepCount: number,
): StepVerdict[] {
  const packets = captured(recorded) && captured(live);
  const was = answersOf(recorded);
  const now = answersOf(live);
  return Array.from({ length: stepCount }, (_, step): StepVerdict => {
    if (!now.finished.has(step)) return { step, status: 'pending' };
    const differences = differencesAt(step, was, now, packets);
    return differences.length === 0 ? { step, status: 'match' } : { step, status: 'differs', differences };
  });
}

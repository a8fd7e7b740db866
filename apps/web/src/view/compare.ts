import { flagSet, type SocklabEvent } from '@socklab/protocol';

/** Where this kernel's answer to a lesson step differs from a recording's. */
export type Difference = { step: number; what: string; recorded: string; live: string };

/** What the kernel answered at one lesson step, as comparable text. */
type StepAnswers = Map<string, string>;

/** The answers of each lesson step of a log's latest run, and the steps that finished. */
type RunAnswers = { steps: Map<number, StepAnswers>; finished: Set<number> };

const segmentsKey = 'segments it caused';

// fds and ports differ from run to run; what a call returned, its errno, the
// states it left and the segments it caused do not (packetdrill's idea: the
// kernel's behaviour is the expected trace).
function answersOf(events: readonly SocklabEvent[]): RunAnswers {
  const steps = new Map<number, StepAnswers>();
  const finished = new Set<number>();
  const stepOfCall = new Map<number, number>();
  const creates = new Set(['socket', 'accept']);
  const at = (step: number) => {
    const answers = steps.get(step) ?? new Map<string, string>();
    steps.set(step, answers);
    return answers;
  };
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
        const ret = creates.has(e.syscall) && e.ret >= 0 ? 'a new fd' : String(e.ret);
        at(step).set(`${e.actor} ${e.syscall}() returned`, e.errno ? `${ret} ${e.errno.name}` : ret);
        if (e.soError !== undefined) at(step).set(`${e.actor} SO_ERROR`, e.soError?.name ?? 'none');
        at(step).set(`${e.actor} ${e.syscall}() blocked`, String(e.blocked));
        break;
      }
      case 'packet': {
        const step = e.callId === null ? undefined : stepOfCall.get(e.callId);
        // A bare ACK may come with a call or after it, as Linux's delayed-ACK timer decides (WIRE-1).
        if (step === undefined || flagSet(e.flags) === 'ACK') break;
        const answers = at(step);
        answers.set(segmentsKey, [answers.get(segmentsKey), flagSet(e.flags)].filter(Boolean).join(' '));
        break;
      }
      case 'socket.state':
        if (current !== null && e.tcp !== null) at(current).set(`${e.actor} ${e.name ?? e.socket} TCP state`, e.tcp);
        break;
      default:
        break;
    }
  }
  return { steps, finished };
}

const captured = (events: readonly SocklabEvent[]) => events.some((e) => e.type === 'packet');

function differencesAt(step: number, was: RunAnswers, now: RunAnswers, packets: boolean): Difference[] {
  const a = was.steps.get(step) ?? new Map<string, string>();
  const b = now.steps.get(step) ?? new Map<string, string>();
  const differences: Difference[] = [];
  for (const what of new Set([...a.keys(), ...b.keys()])) {
    if (what === segmentsKey && !packets) continue;
    const recorded = a.get(what) ?? '(nothing)';
    const live = b.get(what) ?? '(nothing)';
    if (recorded !== live) differences.push({ step, what, recorded, live });
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

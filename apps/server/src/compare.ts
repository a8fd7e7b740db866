import { flagSet, type SocklabEvent } from '@socklab/protocol';

/** Where this kernel's answer to a lesson step differs from a recording's. */
export type Difference = { step: number; what: string; recorded: string; live: string };

/** What the kernel answered at one lesson step, as comparable text. */
type StepAnswers = Map<string, string>;

// fds and ports differ from run to run; what a call returned, its errno, the
// states it left and the segments it caused do not (packetdrill's idea: the
// kernel's behaviour is the expected trace).
function answersByStep(events: readonly SocklabEvent[]): Map<number, StepAnswers> {
  const steps = new Map<number, StepAnswers>();
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
        stepOfCall.clear();
        current = null;
        break;
      case 'lesson.step':
        current = e.index;
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
        const key = 'segments it caused';
        answers.set(key, [answers.get(key), flagSet(e.flags)].filter(Boolean).join(' '));
        break;
      }
      case 'socket.state':
        if (current !== null && e.tcp !== null) at(current).set(`${e.actor} ${e.name ?? e.socket} TCP state`, e.tcp);
        break;
      default:
        break;
    }
  }
  return steps;
}

/**
 * Compares a recording of a lesson with a run of it now, step by step: return
 * values and errno, whether calls blocked, the TCP states the kernel reported
 * after each step and the segments each step's calls caused (but bare ACKs,
 * which a delayed-ACK timer may send during the call or after it). Packets
 * are compared only when both runs captured them.
 *
 * @example
 * compareRuns(parseRecording(text).events, events) // [{ step: 2, what: 'server bind() returned', recorded: '0', live: '-1 EADDRINUSE' }]
 */
export function compareRuns(recorded: readonly SocklabEvent[], live: readonly SocklabEvent[]): Difference[] {
  const bothCaptured = [recorded, live].every((events) => events.some((e) => e.type === 'packet'));
  const was = answersByStep(recorded);
  const now = answersByStep(live);
  const differences: Difference[] = [];
  const steps = [...new Set([...was.keys(), ...now.keys()])].sort((a, b) => a - b);
  for (const step of steps) {
    const a = was.get(step) ?? new Map();
    const b = now.get(step) ?? new Map();
    for (const what of new Set([...a.keys(), ...b.keys()])) {
      if (what === 'segments it caused' && !bothCaptured) continue;
      const recordedAnswer = a.get(what) ?? '(nothing)';
      const liveAnswer = b.get(what) ?? '(nothing)';
      if (recordedAnswer !== liveAnswer) differences.push({ step, what, recorded: recordedAnswer, live: liveAnswer });
    }
  }
  return differences;
}

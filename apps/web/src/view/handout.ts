import type { Lang, Lesson } from '@socklab/lessons';
import { type EventOf, type SocklabEvent, showCall, showReturn, type TcpState } from '@socklab/protocol';
import type { CallView } from './calls.ts';
import { tokenizeC } from './format.ts';
import { rangeStart } from './session.ts';
import { viewAt } from './viewAt.ts';

/** A C program as the run used it: its lines with the lesson's default port replaced by the real one. */
export type HandoutProgram = { actor: string; file: string; command: string; lines: string[] };

/** A socket whose state the kernel reported during a step: its C variable (or fd) and its TCP state. */
export type HandoutState = { name: string; fd: number; tcp: TcpState | null; closed: boolean };

/** What the kernel answered a step's call: a return value or errno, or that it blocked, was refused or never ran. */
export type HandoutAnswer =
  | { kind: 'returned'; text: string; error: boolean }
  | { kind: 'blocked' }
  | { kind: 'refused'; code: string }
  | { kind: 'notRun' };

/** One step of the run: the lesson's words, the C line, the call the kernel got and what it answered. */
export type HandoutStep = {
  index: number;
  actor: string;
  narration: string;
  line: number;
  source: string;
  /** The call with the arguments the kernel got (`showCall`); null when the step made no call. */
  call: string | null;
  answer: HandoutAnswer;
  /** A blocked call that returned during a later step: its answer, and that step's number (from 1). */
  returnedLater: { text: string; error: boolean; step: number } | null;
  /** Sockets whose state the kernel reported during the step, as it last reported them. */
  states: HandoutState[];
  /** What the programs printed during the step. */
  printed: { actor: string; stream: 'stdout' | 'stderr'; text: string }[];
};

/** A lesson run as a handout: its programs, each step with the kernel's answer, and what the run was. */
export type Handout = {
  lesson: Lesson;
  /** The port the run really used (after a bind to port 0, the one the kernel chose). */
  port: number | null;
  /** The kernel the answers came from (`Linux 6.1.0 (x64)`), from `session.hello`. */
  platform: string | null;
  programs: HandoutProgram[];
  steps: HandoutStep[];
  /** How many of the lesson's steps ran. */
  ran: number;
};

const portLine = (line: string, defaultPort: number, port: number | null) =>
  port === null
    ? line
    : tokenizeC(line, defaultPort)
        .map((token) => (token.kind === 'port' ? String(port) : token.text))
        .join('');

function answerOf(call: CallView | undefined): HandoutAnswer {
  if (call === undefined) return { kind: 'notRun' };
  if (call.exit !== null) return { kind: 'returned', text: showReturn(call.exit), error: call.exit.errno !== null };
  if (call.refused !== null) return { kind: 'refused', code: call.refused };
  return { kind: 'blocked' };
}

/**
 * The handout of the latest lesson run in `log` (a live log or a loaded
 * recording): every answer is the kernel's, read from the log's events, never
 * from the lesson's expectations. Null when the log holds no lesson run this
 * build knows (the playground, or no run yet).
 *
 * @example
 * const handout = handoutOf(store.getState().log, 'ko');
 * handout?.steps[0]?.answer // { kind: 'returned', text: '= 3', error: false }
 */
export function handoutOf(log: readonly SocklabEvent[], lang: Lang): Handout | null {
  const view = viewAt(log, log.length);
  const lesson = view.lessonDef;
  if (lesson === null || view.lesson === null) return null;
  const port = view.port;
  const stepCalls = new Map<number, CallView>();
  for (const call of view.calls) if (call.step !== null && !stepCalls.has(call.step)) stepCalls.set(call.step, call);

  // What happened during each step: from its lesson.step to the next one.
  const during = new Map<number, { states: Map<string, HandoutState>; printed: HandoutStep['printed'] }>();
  let current: { states: Map<string, HandoutState>; printed: HandoutStep['printed'] } | null = null;
  const returnedIn = new Map<number, number>();
  let stepIndex = -1;
  for (let i = rangeStart(log, log.length).from; i < log.length; i++) {
    const event = log[i]!;
    if (event.type === 'lesson.step') {
      current = { states: new Map(), printed: [] };
      during.set(event.index, current);
      stepIndex = event.index;
    } else if (event.type === 'socket.state' && current !== null) {
      current.states.set(event.socket, stateOf(event));
    } else if (event.type === 'output' && current !== null) {
      current.printed.push({ actor: event.actor, stream: event.stream, text: event.text });
    } else if (event.type === 'syscall.exit') {
      returnedIn.set(event.callId, stepIndex);
    }
  }

  const steps = lesson.steps.map((step, index): HandoutStep => {
    const call = stepCalls.get(index);
    const program = lesson.programs.find((p) => p.actor === step.actor);
    const seen = during.get(index);
    const later = call === undefined ? undefined : returnedIn.get(call.callId);
    // A blocked call another step woke (an accept() woken by the client's connect()).
    const woke = call?.exit != null && call.blocked && later !== undefined && later !== index ? call.exit : null;
    return {
      index,
      actor: step.actor,
      narration: step.narration[lang],
      line: step.line,
      source: portLine(program?.lines[step.line - 1]?.trim() ?? '', lesson.port, port),
      call: call === undefined ? null : showCall(call.call),
      answer: woke === null ? answerOf(call) : { kind: 'blocked' },
      returnedLater:
        woke === null ? null : { text: showReturn(woke), error: woke.errno !== null, step: (later ?? index) + 1 },
      states: seen === undefined ? [] : [...seen.states.values()],
      printed: seen?.printed ?? [],
    };
  });

  const hello = view.hello;
  const os = hello?.platform.os === 'linux' ? 'Linux' : hello?.platform.os;
  return {
    lesson,
    port,
    platform: hello ? `${os} ${hello.platform.release} (${hello.platform.arch})` : null,
    programs: lesson.programs.map((p) => ({
      actor: p.actor,
      file: p.file,
      command: p.command.replace('{port}', String(port ?? lesson.port)),
      lines: p.lines.map((line) => portLine(line, lesson.port, port)),
    })),
    steps,
    ran: during.size,
  };
}

function stateOf(event: EventOf<'socket.state'>): HandoutState {
  return { name: event.name ?? `fd ${event.fd}`, fd: event.fd, tcp: event.tcp, closed: event.closed };
}

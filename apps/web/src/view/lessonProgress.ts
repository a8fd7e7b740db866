import { findLesson, type Lesson } from '@socklab/lessons';
import type { EventOf, Network, SocklabEvent, SyscallName } from '@socklab/protocol';

/** A `lesson.step` event: which actor runs which step. */
export type StepView = { seq: number; index: number; actor: string; syscall: SyscallName };

/** The lesson's expectation against the kernel's answer for one step. */
export type CheckView = { seq: number; index: number; ok: boolean; expected: string; actual: string };

/** Where an actor's program is: its latest step and that step's source line. */
export type ActorPosition = { step: number; line: number | null };

export type LessonEvent = EventOf<
  | 'lesson.start'
  | 'lesson.port'
  | 'lesson.wait'
  | 'lesson.outside'
  | 'lesson.step'
  | 'lesson.check'
  | 'lesson.ready'
  | 'lesson.end'
>;

/** What the lesson waits for before a step: the kernel's condition, with its bound. */
export type WaitView = Omit<EventOf<'lesson.wait'>, 'type' | 'lesson'>;

/** How far the lesson got: its steps, checks, readiness and end. */
export type LessonProgress = {
  /** `port` is the port the lesson was loaded with (0: the kernel chooses); `clients`, the `load` lesson's. */
  lesson: { id: string; port: number; steps: number; seq: number; clients?: number } | null;
  /** The lesson's static data (programs, narration), when this build knows the lesson. */
  lessonDef: Lesson | null;
  /** The port the lesson really uses: `lesson.port` once the server sent it, else the one it was loaded with. */
  port: number | null;
  steps: StepView[];
  current: StepView | null;
  byActor: Record<string, ActorPosition>;
  checks: CheckView[];
  mismatches: CheckView[];
  /** The next step to run (`null`: all ran); `undefined` until the server said it is ready. */
  next: number | null | undefined;
  /** The server finished the latest step (a `lesson.ready` came after the latest `lesson.step`). */
  ready: boolean;
  ended: { ok: boolean; mismatches: number; seq: number } | null;
  /** Where the lab's sockets live (their own network, or the host's), as `lesson.start` said. */
  network: Network | null;
  /** The port asked for was held on the shared network: what held it. */
  moved: NonNullable<EventOf<'lesson.start'>['moved']> | null;
  /** The step the lesson waits to run, and the kernel condition it waits for; null once it ran. */
  waiting: WaitView | null;
  /** Connections accept() returned from another program, not the lesson's client. */
  outside: Omit<EventOf<'lesson.outside'>, 'type' | 'lesson'>[];
};

const lessonEvents: ReadonlySet<string> = new Set<LessonEvent['type']>([
  'lesson.start',
  'lesson.port',
  'lesson.wait',
  'lesson.outside',
  'lesson.step',
  'lesson.check',
  'lesson.ready',
  'lesson.end',
]);

export const isLessonEvent = (event: SocklabEvent): event is LessonEvent => lessonEvents.has(event.type);

export const emptyProgress = (): LessonProgress => ({
  lesson: null,
  lessonDef: null,
  port: null,
  steps: [],
  current: null,
  byActor: {},
  checks: [],
  mismatches: [],
  next: undefined,
  ready: false,
  ended: null,
  network: null,
  moved: null,
  waiting: null,
  outside: [],
});

/** A copy that folding on does not change: the lists are copied, their items are replaced, never changed. */
export const copyProgress = (state: LessonProgress): LessonProgress => ({
  ...state,
  steps: [...state.steps],
  byActor: { ...state.byActor },
  checks: [...state.checks],
  mismatches: [...state.mismatches],
  outside: [...state.outside],
});

export function foldLesson(state: LessonProgress, event: LessonEvent): void {
  switch (event.type) {
    case 'lesson.start':
      state.lesson = { id: event.lesson, port: event.params.port, steps: event.steps, seq: event.seq };
      if (event.params.clients !== undefined) state.lesson.clients = event.params.clients;
      state.lessonDef = findLesson(event.lesson) ?? null;
      state.port = event.params.port;
      state.network = event.network;
      state.moved = event.moved ?? null;
      break;
    case 'lesson.port':
      state.port = event.port;
      break;
    case 'lesson.outside': {
      const { type: _type, lesson: _lesson, ...outside } = event;
      state.outside.push(outside);
      break;
    }
    case 'lesson.wait': {
      const { type: _type, lesson: _lesson, ...wait } = event;
      state.waiting = wait;
      state.ready = false;
      break;
    }
    case 'lesson.step': {
      const step: StepView = { seq: event.seq, index: event.index, actor: event.actor, syscall: event.syscall };
      state.steps.push(step);
      state.current = step;
      state.byActor[event.actor] = { step: event.index, line: state.lessonDef?.steps[event.index]?.line ?? null };
      state.ready = false;
      state.waiting = null;
      break;
    }
    case 'lesson.check': {
      const { seq, index, ok, expected, actual } = event;
      const check: CheckView = { seq, index, ok, expected, actual };
      state.checks.push(check);
      if (!ok) state.mismatches.push(check);
      break;
    }
    case 'lesson.ready':
      state.next = event.next;
      state.ready = true;
      break;
    case 'lesson.end':
      state.ended = { ok: event.ok, mismatches: event.mismatches, seq: event.seq };
      break;
    default: {
      const unknown: never = event;
      throw new Error(`foldLesson: unhandled event ${JSON.stringify(unknown)}`);
    }
  }
}

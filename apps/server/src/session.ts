import { release } from 'node:os';
import { basename } from 'node:path';
import { defaultPorts, type LabLimits } from '@socklab/kernel';
import { findLesson, type Lesson, type LoadLesson, loadLesson } from '@socklab/lessons';
import {
  type Command,
  ErrorCode,
  type EventBody,
  PROTOCOL_VERSION,
  parseCommand,
  recordingHeader,
  SocklabError,
  type SocklabEvent,
} from '@socklab/protocol';
import serverPackage from '../package.json' with { type: 'json' };
import { EventLog, type LogBounds, sessionLogBounds } from './eventLog.ts';
import { type Capabilities, capabilities, LabNetwork } from './lab/network.ts';
import { LessonRunner, type PortClaims } from './lessonRunner.ts';
import { LabSocketPool } from './limits.ts';
import { LoadRunner } from './load/loadRunner.ts';
import { type Logger, shown } from './logger.ts';
import { Playground, playgroundId } from './playground.ts';
import type { Recorder, Recordings } from './recordings.ts';

const serverVersion = serverPackage.version;

const maxQueued = 64;

/**
 * Calls (playground calls and lesson steps) one run may make: a run keeps a
 * little state for every call (each socket's API history), so an endless
 * stream of calls must end; a new run starts afresh.
 */
export const maxCallsPerRun = 10_000;

/** The longest part of an unexpected error's stack that goes into the log (one line, JSON-escaped). */
export const maxLoggedStack = 1000;

/** Options of one session. */
export type SessionOptions = {
  id: string;
  /** Where bad messages and unexpected errors are reported: a throttled one (`throttledLogger`) on a server. */
  logger: Logger;
  limits?: Partial<LabLimits>;
  lessons?: (id: string) => Lesson | undefined;
  /** The `load` lesson (aggregated, many sockets): there by default, absent when `lessons` is given without it. */
  load?: LoadLesson;
  /** false turns packet capture off (tests that must not depend on privileges). */
  capture?: false;
  /** false shares the host's network even where a private one per run could be made; 'required' refuses to run without one (a student lab). */
  isolate?: false | 'required';
  /** The lesson ports the server's other sessions hold (on a shared network). */
  claims?: PortClaims;
  /** The server's own port, refused to lab sockets on a shared network. */
  serverPort?: number;
  /** Where each lesson run is recorded (NDJSON, written as it happens); absent: not recorded. */
  recordings?: Recordings;
  /** How much of its log the session keeps in memory (`sessionLogBounds` by default). */
  log?: Partial<LogBounds>;
  /** The server's lab sockets, shared with its other sessions; absent: a pool of the session's own (its per-run cap applies). */
  sockets?: LabSocketPool;
};

/**
 * One browser's lab: its own sockets, its own event log, its own lesson. Every
 * inbound message is parsed and validated; anything wrong becomes an `error`
 * event, never an exception. `close()` closes every socket it opened.
 *
 * @example
 * const session = new Session({ id: 's1', logger });
 * session.log.subscribe((event) => ws.send(JSON.stringify(event)));
 * session.hello();
 * ws.on('message', (data) => session.handle(String(data)));
 */
export class Session {
  readonly id: string;
  readonly log: EventLog;
  readonly #logger: Logger;
  readonly #limits: Partial<LabLimits>;
  readonly #lessons: (id: string) => Lesson | undefined;
  #network: LabNetwork | undefined;
  #runner: LessonRunner | LoadRunner | Playground | undefined;
  #params: { port?: number | undefined; clients?: number | undefined } = {};
  #closed = false;
  #queue: Promise<void> = Promise.resolve();
  #queued = 0;
  readonly #options: SessionOptions;
  readonly #sockets: LabSocketPool;
  #hello: SocklabEvent | undefined;
  #calls = 0;
  #fullSaid = false;
  #recorder: Recorder | undefined;
  // Where the run is, for a marker: its latest call and lesson step.
  #lastCall: number | null = null;
  #lastStep: number | null = null;
  // Each step of the run so far, with its latest call (null: none yet), for a note placed back at it.
  readonly #stepCalls = new Map<number, number | null>();

  constructor(options: SessionOptions) {
    this.id = options.id;
    this.log = new EventLog({ ...sessionLogBounds, ...options.log });
    this.#logger = options.logger;
    this.#limits = options.limits ?? {};
    this.#lessons = options.lessons ?? findLesson;
    this.#options = options;
    this.#sockets = options.sockets ?? new LabSocketPool(Number.MAX_SAFE_INTEGER);
  }

  /** Emits `session.hello`: protocol version, platform and capabilities. */
  hello(): void {
    this.#hello = this.#emit({
      type: 'session.hello',
      protocol: PROTOCOL_VERSION,
      sessionId: this.id,
      platform: { os: process.platform, arch: process.arch, release: release() },
      capabilities: this.#capabilities(),
    });
  }

  /**
   * Handles one raw inbound message after every earlier one is done (a step
   * sent while another runs waits its turn). Never throws; the returned
   * promise never rejects.
   */
  handle(text: string): Promise<void> {
    if (this.#queued >= maxQueued) {
      this.#error(ErrorCode.limit, `more than ${maxQueued} commands are waiting; this one was dropped`);
      return Promise.resolve();
    }
    this.#queued++;
    this.#queue = this.#queue.then(async () => {
      await this.#handleNow(text);
      // A command's events reach its recording in one write, by the time it is handled.
      this.log.sync();
      this.#queued--;
    });
    return this.#queue;
  }

  async #handleNow(text: string): Promise<void> {
    const parsed = parseCommand(text);
    if (!parsed.ok) {
      this.#logger.warn(`session ${this.id}: bad message ${shown(text)}: ${shown(parsed.error)}`);
      this.#error(ErrorCode.badMessage, `bad message: ${parsed.error}`);
      return;
    }
    try {
      await this.#dispatch(parsed.value);
    } catch (err) {
      if (err instanceof SocklabError) {
        this.#error(err.code, err.message);
      } else {
        const what = err instanceof Error ? (err.stack ?? err.message) : String(err);
        this.#logger.error(`session ${this.id}: unexpected ${shown(what, maxLoggedStack)}`);
        this.#error(ErrorCode.internal, 'internal error; the session goes on');
      }
    }
  }

  /** Closes every socket of the session (and its private network); later messages are refused. */
  close(): void {
    this.#closed = true;
    this.#runner?.dispose();
    this.#stopRecording();
    this.#network?.close();
    this.#network = undefined;
    this.#runner = undefined;
  }

  /** The file the current lesson run is being recorded to, if it is. */
  get recording(): string | undefined {
    return this.#recorder?.path;
  }

  /** What the session runs now, for the teacher's roster: a lesson and its next step, the playground, or nothing. */
  get doing(): { lesson: string | null; step: number | null } | null {
    const runner = this.#runner;
    if (!runner) return null;
    if (runner instanceof LessonRunner || runner instanceof LoadRunner)
      return { lesson: runner.lesson.id, step: runner.next };
    return { lesson: null, step: null };
  }

  /** Where the current run's sockets live (tests join it as an outside program would). */
  get network(): LabNetwork | undefined {
    return this.#network;
  }

  #capabilities(): Capabilities {
    const found = capabilities();
    const off = (reason: string) => ({ available: false as const, reason });
    return {
      capture: this.#options.capture === false ? off('packet capture is turned off') : found.capture,
      sockDiag: found.sockDiag,
      isolation: this.#options.isolate === false ? off('isolation is turned off') : found.isolation,
    };
  }

  async #dispatch(command: Command): Promise<void> {
    if (this.#closed) throw new SocklabError(ErrorCode.cancelled, 'this session has ended');
    if ((command.type === 'lesson.step' || command.type === 'playground.call') && this.#calls++ >= maxCallsPerRun) {
      throw new SocklabError(
        ErrorCode.limit,
        `a run may make at most ${maxCallsPerRun} calls; reset the lesson or start the playground again`,
      );
    }
    switch (command.type) {
      case 'lesson.load': {
        const port = command.params?.port;
        if (port !== undefined && port !== 0 && (port < defaultPorts.min || port > defaultPorts.max)) {
          throw new SocklabError(
            ErrorCode.addressRefused,
            `port ${port} is not allowed: lab sockets use ports ${defaultPorts.min}–${defaultPorts.max}, or 0 to let the kernel choose`,
          );
        }
        this.#params = { port, clients: command.params?.clients };
        this.#load(command.lesson);
        return;
      }
      case 'lesson.reset':
        if (!(this.#runner instanceof LessonRunner || this.#runner instanceof LoadRunner))
          throw new SocklabError(ErrorCode.lessonState, 'no lesson is loaded');
        this.#load(this.#runner.lesson.id);
        return;
      case 'lesson.step':
        if (!(this.#runner instanceof LessonRunner || this.#runner instanceof LoadRunner)) {
          const why = this.#runner ? 'the playground has no steps: make calls' : 'no lesson is loaded';
          throw new SocklabError(ErrorCode.lessonState, why);
        }
        await this.#runner.step();
        return;
      case 'playground.start':
        this.#start(null);
        return;
      case 'playground.call':
        if (!(this.#runner instanceof Playground)) {
          throw new SocklabError(ErrorCode.lessonState, 'start the playground first');
        }
        await this.#runner.call(command.actor, command.call);
        return;
      case 'marker.add':
        if (!this.#runner) throw new SocklabError(ErrorCode.lessonState, 'no lesson is loaded: a note needs a run');
        this.#emit(this.#marker(command.note, command.at?.step));
        return;
      default: {
        const never: never = command;
        throw new SocklabError(ErrorCode.badMessage, `unknown command ${JSON.stringify(never)}`);
      }
    }
  }

  // A note at the run's current moment, or (`step`) at the end of a step of this run that already ran.
  #marker(note: string, step: number | undefined): EventBody {
    if (step === undefined) return { type: 'marker', note, callId: this.#lastCall, step: this.#lastStep };
    if (!(this.#runner instanceof LessonRunner))
      throw new SocklabError(ErrorCode.lessonState, 'the playground has no steps: a note with "at" needs a lesson');
    const callId = this.#stepCalls.get(step);
    if (callId === undefined) {
      const ran = this.#lastStep === null ? 'no step ran yet' : `steps 0–${this.#lastStep} ran`;
      throw new SocklabError(ErrorCode.lessonState, `step ${step} has not run in this run: ${ran}`);
    }
    return { type: 'marker', note, callId, step, at: { step } };
  }

  #load(lessonId: string): void {
    if (lessonId === playgroundId) {
      this.#start(null);
      return;
    }
    const load = this.#options.lessons === undefined ? loadLesson : this.#options.load;
    if (load !== undefined && lessonId === load.id) {
      // Refused before anything of the session's run is closed: the clients must fit the server's sockets.
      LoadRunner.clientsFor(load, this.#params.clients, this.#sockets);
      this.#start(load);
      return;
    }
    const lesson = this.#lessons(lessonId);
    if (!lesson) throw new SocklabError(ErrorCode.noLesson, `no lesson named ${JSON.stringify(lessonId)}`);
    this.#start(lesson);
  }

  // A lesson, or the playground (null), each run in a network of its own: the
  // session's sockets so far are closed first, and their namespace with them.
  #start(lesson: Lesson | LoadLesson | null): void {
    // A student lab's namespace is made first: if it cannot be, the refusal leaves the session as it was.
    const required = this.#options.isolate === 'required' ? this.#openNetwork() : undefined;
    this.#runner?.dispose();
    this.#network?.close();
    this.#record(lesson);
    this.#calls = 0;
    const network = required ?? this.#openNetwork();
    this.#network = network;
    const recording = this.#recorder ? basename(this.#recorder.path) : undefined;
    const emit = (body: EventBody) => {
      // Events of a run that was replaced (a late blocked call) are dropped.
      if (this.#runner !== runner) return;
      // The run's lesson.start names its recording, so the page can offer it for download.
      this.#emit(body.type === 'lesson.start' && recording !== undefined ? { ...body, recording } : body);
    };
    const sharedReason = network.isolation.kind === 'shared' ? network.isolation.reason : undefined;
    const options = {
      ...network.watchers(),
      ...(sharedReason === undefined ? {} : { sharedReason }),
      // In a namespace of its own the lesson's port is always free: claims are for a shared network only.
      ...(this.#options.claims && sharedReason !== undefined ? { claims: this.#options.claims } : {}),
    };
    const runner: LessonRunner | LoadRunner | Playground =
      lesson === null
        ? new Playground(network.lab, emit, options)
        : isLoadLesson(lesson)
          ? this.#loadRunner(lesson, network, emit, sharedReason)
          : new LessonRunner(network.lab, lesson, this.#params, emit, options);
    this.#runner = runner;
    runner.start();
    network.releaseIdle();
  }

  // The load lesson's sockets are many: a lab of their own in the run's network, taken from the server's pool.
  #loadRunner(lesson: LoadLesson, network: LabNetwork, emit: (body: EventBody) => void, sharedReason?: string) {
    return new LoadRunner(lesson, this.#params, emit, {
      netns: network.lab.netns,
      pool: this.#sockets,
      limits: this.#limits,
      ...(sharedReason === undefined ? {} : { sharedReason }),
    });
  }

  #openNetwork(): LabNetwork {
    const { isolate } = this.#options;
    return LabNetwork.open({
      limits: this.#limits,
      ...(this.#options.capture === false ? { capture: false } : {}),
      ...(isolate === undefined ? {} : { isolate }),
      ...(this.#options.serverPort === undefined ? {} : { serverPort: this.#options.serverPort }),
      budget: this.#sockets.forRun(),
    });
  }

  // Each lesson run is a recording of its own: the session's hello, then every event of the run.
  #record(lesson: { id: string } | null): void {
    this.#stopRecording();
    const folder = this.#options.recordings;
    if (!folder || !lesson) return;
    const found = this.#capabilities();
    this.#recorder = folder.create(
      lesson.id,
      recordingHeader(lesson.id, {
        socklab: serverVersion,
        platform: { os: process.platform, arch: process.arch, release: release() },
        capabilities: {
          capture: found.capture.available,
          sockDiag: found.sockDiag.available,
          isolation: found.isolation.available,
        },
      }),
    );
    if (this.#hello) this.#recorder.write(this.#hello);
    // Every later event is the recording's before any viewer gets it (`EventLog.sync`).
    this.log.journal = this.#recorder;
  }

  #stopRecording(): void {
    this.log.journal = undefined;
    this.#recorder?.close();
    this.#recorder = undefined;
  }

  #emit(body: EventBody): SocklabEvent {
    const event = this.log.append(body);
    if (event.type === 'lesson.start') {
      this.#lastCall = null;
      this.#lastStep = null;
      this.#stepCalls.clear();
    } else if (event.type === 'syscall.enter') {
      this.#lastCall = event.callId;
      if (event.step !== undefined) this.#stepCalls.set(event.step, event.callId);
    } else if (event.type === 'lesson.step') {
      this.#lastStep = event.index;
      if (!this.#stepCalls.has(event.index)) this.#stepCalls.set(event.index, null);
    }
    // The log's journal (the recorder) took the event first; once it is full, that is said once.
    const recorder = this.#recorder;
    if (recorder?.full && !this.#fullSaid) {
      this.#fullSaid = true;
      this.log.append({
        type: 'error',
        code: ErrorCode.limit,
        message: `the recording ${recorder.path} reached its limits and stopped; the lesson goes on`,
      });
    }
    return event;
  }

  #error(code: ErrorCode, message: string): void {
    this.#emit({ type: 'error', code, message });
  }
}

// The load lesson is the one lesson object of its kind (`loadLesson`, or a test's copy of it): no step list.
function isLoadLesson(lesson: Lesson | LoadLesson): lesson is LoadLesson {
  return lesson.id === loadLesson.id && 'defaultClients' in lesson;
}

import { release } from 'node:os';
import { defaultPorts, Lab, type LabLimits, PacketCapture, SocketTable, TableObserver } from '@socklab/kernel';
import { findLesson, type Lesson } from '@socklab/lessons';
import {
  type Command,
  ErrorCode,
  type EventBody,
  PROTOCOL_VERSION,
  parseCommand,
  SocklabError,
} from '@socklab/protocol';
import { EventLog } from './eventLog.ts';
import { LessonRunner } from './lessonRunner.ts';
import type { Logger } from './logger.ts';
import { Playground, playgroundId } from './playground.ts';

const maxQueued = 64;

/** Options of one session. */
export type SessionOptions = {
  id: string;
  logger: Logger;
  limits?: Partial<LabLimits>;
  lessons?: (id: string) => Lesson | undefined;
  /** false turns packet capture off (tests that must not depend on privileges). */
  capture?: false;
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
  readonly log = new EventLog();
  readonly #logger: Logger;
  readonly #limits: Partial<LabLimits>;
  readonly #lessons: (id: string) => Lesson | undefined;
  #lab: Lab | undefined;
  #runner: LessonRunner | Playground | undefined;
  #params: { port?: number | undefined } = {};
  #closed = false;
  #queue: Promise<void> = Promise.resolve();
  #queued = 0;
  readonly #capture: PacketCapture | null;
  readonly #captureReason: string | undefined;
  readonly #table = new SocketTable();

  constructor(options: SessionOptions) {
    this.id = options.id;
    this.#logger = options.logger;
    this.#limits = options.limits ?? {};
    this.#lessons = options.lessons ?? findLesson;
    const opened =
      options.capture === false ? { capture: null, reason: 'packet capture is turned off' } : PacketCapture.open();
    this.#capture = opened.capture;
    this.#captureReason = opened.capture ? undefined : opened.reason;
  }

  /** Emits `session.hello`: protocol version, platform and capabilities. */
  hello(): void {
    this.#emit({
      type: 'session.hello',
      protocol: PROTOCOL_VERSION,
      sessionId: this.id,
      platform: { os: process.platform, arch: process.arch, release: release() },
      capabilities: {
        capture: this.#capture ? { available: true } : { available: false, reason: this.#captureReason ?? '' },
        sockDiag:
          this.#table.source === 'sock_diag'
            ? { available: true }
            : { available: false, reason: this.#table.reason ?? 'sock_diag is unavailable; reading /proc/net/tcp' },
      },
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
      this.#queued--;
    });
    return this.#queue;
  }

  async #handleNow(text: string): Promise<void> {
    const parsed = parseCommand(text);
    if (!parsed.ok) {
      this.#error(ErrorCode.badMessage, `bad message: ${parsed.error}`);
      return;
    }
    try {
      await this.#dispatch(parsed.value);
    } catch (err) {
      if (err instanceof SocklabError) {
        this.#error(err.code, err.message);
      } else {
        this.#logger.error(`session ${this.id}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        this.#error(ErrorCode.internal, 'internal error; the session goes on');
      }
    }
  }

  /** Closes every socket of the session; later messages are refused. */
  close(): void {
    this.#closed = true;
    this.#runner?.dispose();
    this.#lab?.closeAll();
    this.#capture?.close();
    this.#table.close();
    this.#lab = undefined;
    this.#runner = undefined;
  }

  async #dispatch(command: Command): Promise<void> {
    if (this.#closed) throw new SocklabError(ErrorCode.cancelled, 'this session has ended');
    switch (command.type) {
      case 'lesson.load': {
        const port = command.params?.port;
        if (port !== undefined && port !== 0 && (port < defaultPorts.min || port > defaultPorts.max)) {
          throw new SocklabError(
            ErrorCode.addressRefused,
            `port ${port} is not allowed: lab sockets use ports ${defaultPorts.min}–${defaultPorts.max}, or 0 to let the kernel choose`,
          );
        }
        this.#params = { port };
        this.#load(command.lesson);
        return;
      }
      case 'lesson.reset':
        if (!(this.#runner instanceof LessonRunner))
          throw new SocklabError(ErrorCode.lessonState, 'no lesson is loaded');
        this.#load(this.#runner.lesson.id);
        return;
      case 'lesson.step':
        if (!(this.#runner instanceof LessonRunner)) {
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
      default: {
        const never: never = command;
        throw new SocklabError(ErrorCode.badMessage, `unknown command ${JSON.stringify(never)}`);
      }
    }
  }

  #load(lessonId: string): void {
    if (lessonId === playgroundId) {
      this.#start(null);
      return;
    }
    const lesson = this.#lessons(lessonId);
    if (!lesson) throw new SocklabError(ErrorCode.noLesson, `no lesson named ${JSON.stringify(lessonId)}`);
    this.#start(lesson);
  }

  // A lesson, or the playground (null): the session's sockets so far are closed first.
  #start(lesson: Lesson | null): void {
    this.#runner?.dispose();
    this.#lab?.closeAll();
    const lab = new Lab({ limits: this.#limits });
    this.#lab = lab;
    if (this.#capture) {
      this.#capture.watchPorts([]);
      this.#capture.drain();
    }
    const emit = (body: EventBody) => {
      // Events of a lesson that was replaced (a late blocked call) are dropped.
      if (this.#runner === runner) this.#emit(body);
    };
    const options = { capture: this.#capture, table: new TableObserver(this.#table) };
    const runner: LessonRunner | Playground = lesson
      ? new LessonRunner(lab, lesson, this.#params, emit, options)
      : new Playground(lab, emit, options);
    this.#runner = runner;
    runner.start();
  }

  #emit(body: EventBody): void {
    this.log.append(body);
  }

  #error(code: ErrorCode, message: string): void {
    this.#emit({ type: 'error', code, message });
  }
}

import { release } from 'node:os';
import { Lab, type LabLimits } from '@socklab/kernel';
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

const maxQueued = 64;

/** Options of one session. */
export type SessionOptions = {
  id: string;
  logger: Logger;
  limits?: Partial<LabLimits>;
  lessons?: (id: string) => Lesson | undefined;
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
  #runner: LessonRunner | undefined;
  #params: { port?: number | undefined } = {};
  #closed = false;
  #queue: Promise<void> = Promise.resolve();
  #queued = 0;

  constructor(options: SessionOptions) {
    this.id = options.id;
    this.#logger = options.logger;
    this.#limits = options.limits ?? {};
    this.#lessons = options.lessons ?? findLesson;
  }

  /** Emits `session.hello`: protocol version, platform and capabilities. */
  hello(): void {
    this.#emit({
      type: 'session.hello',
      protocol: PROTOCOL_VERSION,
      sessionId: this.id,
      platform: { os: process.platform, arch: process.arch, release: release() },
      capabilities: {
        capture: { available: false, reason: 'packet capture is not built yet' },
        sockDiag: { available: false, reason: 'sock_diag observation is not built yet; TCP_INFO is used' },
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
    this.#lab?.closeAll();
    this.#lab = undefined;
    this.#runner = undefined;
  }

  async #dispatch(command: Command): Promise<void> {
    if (this.#closed) throw new SocklabError(ErrorCode.cancelled, 'this session has ended');
    switch (command.type) {
      case 'lesson.load':
        this.#params = { port: command.params?.port };
        this.#load(command.lesson);
        return;
      case 'lesson.reset':
        if (!this.#runner) throw new SocklabError(ErrorCode.lessonState, 'no lesson is loaded');
        this.#load(this.#runner.lesson.id);
        return;
      case 'lesson.step':
        if (!this.#runner) throw new SocklabError(ErrorCode.lessonState, 'no lesson is loaded');
        await this.#runner.step();
        return;
      default: {
        const never: never = command;
        throw new SocklabError(ErrorCode.badMessage, `unknown command ${JSON.stringify(never)}`);
      }
    }
  }

  #load(lessonId: string): void {
    const lesson = this.#lessons(lessonId);
    if (!lesson) throw new SocklabError(ErrorCode.noLesson, `no lesson named ${JSON.stringify(lessonId)}`);
    this.#lab?.closeAll();
    const lab = new Lab({ limits: this.#limits });
    this.#lab = lab;
    const runner = new LessonRunner(lab, lesson, this.#params, (body) => {
      // Events of a lesson that was replaced (a late blocked call) are dropped.
      if (this.#runner === runner) this.#emit(body);
    });
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

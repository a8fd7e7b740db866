import { Lab, type LabLimits, type LoadOutcome, type NetNamespace, runLoad } from '@socklab/kernel';
import type { LoadLesson } from '@socklab/lessons';
import { ErrorCode, type EventBody, type Network, SocklabError } from '@socklab/protocol';
import type { LabSocketPool } from '../limits.ts';
import { expectedResult, tallyDiffers } from './expected.ts';

type Emit = (body: EventBody) => void;

/** How often the kernel's table for the port is sampled while the clients run. */
export const loadSampleMs = 25;

/** What a `LoadRunner` needs beside the lesson. */
export type LoadRunnerOptions = {
  /** The run's network: a namespace of its own, or null for the host's (`sharedReason` says why). */
  netns: NetNamespace | null;
  sharedReason?: string;
  /** The server's lab sockets: the run's sockets are taken from it, and it bounds the clients. */
  pool: LabSocketPool;
  limits?: Partial<LabLimits>;
};

/**
 * Runs the `load` lesson: one step, in which `clients` clients connect to one
 * listener, send, read the echo and close, every call one real call through
 * socklab's driver (`runLoad`). Its events are aggregated kernel facts: a
 * `load.sample` every `loadSampleMs` (the port's sockets per TCP state from
 * sock_diag, the accept queue against the backlog, the calls' counts so far)
 * and one `load.tally` (every call counted by its result), then a
 * `lesson.check` that compares the tally with what every call should return.
 *
 * Throws `SOCKLAB_ERR_LIMIT` at construction when the server has fewer lab
 * sockets left than the clients need at once; nothing is made then.
 *
 * @example
 * const runner = new LoadRunner(loadLesson, { clients: 1000 }, emit, { netns: null, pool });
 * runner.start();
 * await runner.step();
 * runner.dispose();
 */
export class LoadRunner {
  readonly lesson: LoadLesson;
  readonly clients: number;
  readonly #emit: Emit;
  readonly #lab: Lab;
  readonly #port: number;
  readonly #network: Network;
  #ran = false;
  #running = false;
  #outcome: LoadOutcome | null = null;
  #ok = false;

  constructor(
    lesson: LoadLesson,
    params: { port?: number | undefined; clients?: number | undefined },
    emit: Emit,
    options: LoadRunnerOptions,
  ) {
    this.lesson = lesson;
    this.#emit = emit;
    const clients = LoadRunner.clientsFor(lesson, params.clients, options.pool);
    const sockets = 2 * clients + 1;
    this.clients = clients;
    // In a namespace of its own the lesson's port is always free. On the host's network the kernel
    // chooses one (bind to port 0, then `lesson.port`): a thousand TIME_WAITs of an earlier run, or
    // another session, may hold any port asked for.
    this.#port = options.netns ? (params.port ?? lesson.port) : 0;
    this.#network = options.netns
      ? { kind: 'netns', path: options.netns.path }
      : { kind: 'shared', reason: options.sharedReason ?? 'the lab shares the host’s network' };
    this.#lab = new Lab({
      netns: options.netns,
      limits: { ...options.limits, maxSockets: sockets },
      budget: options.pool.forRun(sockets),
    });
  }

  /**
   * The clients a run will have (`asked`, else the lesson's default), checked
   * against the lesson's cap and the server's lab sockets left; throws
   * `SOCKLAB_ERR_LIMIT` saying how many would fit.
   */
  static clientsFor(lesson: LoadLesson, asked: number | undefined, pool: LabSocketPool): number {
    const clients = asked ?? lesson.defaultClients;
    if (!Number.isInteger(clients) || clients < 1 || clients > lesson.maxClients) {
      throw new SocklabError(ErrorCode.limit, `clients must be 1–${lesson.maxClients}, got ${clients}`);
    }
    const sockets = 2 * clients + 1;
    const left = pool.max - pool.open;
    if (sockets > left) {
      throw new SocklabError(
        ErrorCode.limit,
        `${clients} clients need ${sockets} lab sockets at once (each client's, its connection's, and the listener); the server has ${left} left (--max-lab-sockets ${pool.max}): ask for at most ${Math.max(0, Math.floor((left - 1) / 2))} clients`,
      );
    }
    return clients;
  }

  /** 0 before the run, null once it ran. */
  get next(): number | null {
    return this.#ran ? null : 0;
  }

  /** Whether the run is over. */
  get finished(): boolean {
    return this.#ran && !this.#running;
  }

  /** The result so far, as `socklab run` reports a lesson. */
  summary(): { lesson: string; ok: boolean; mismatches: number; finished: boolean } {
    return {
      lesson: this.lesson.id,
      ok: this.#ok,
      mismatches: this.#ran && !this.#ok ? 1 : 0,
      finished: this.finished,
    };
  }

  /** The run's outcome once it ran (the tally, the port, the peak of open sockets). */
  get outcome(): LoadOutcome | null {
    return this.#outcome;
  }

  /** Emits `lesson.start` and `lesson.ready`. */
  start(): void {
    const id = this.lesson.id;
    this.#emit({
      type: 'lesson.start',
      lesson: id,
      params: { port: this.#port, clients: this.clients },
      steps: 1,
      network: this.#network,
    });
    this.#emit({ type: 'lesson.ready', lesson: id, next: 0 });
  }

  /** Runs the clients; resolves when every one has closed and the tally is out. */
  async step(): Promise<void> {
    if (this.#ran) throw new SocklabError(ErrorCode.lessonState, `lesson ${this.lesson.id} has no more steps`);
    this.#ran = true;
    this.#running = true;
    const id = this.lesson.id;
    this.#emit({ type: 'lesson.step', lesson: id, index: 0, actor: 'clients', syscall: 'connect' });
    const message = Buffer.from(this.lesson.message);
    let portSaid = this.#port !== 0;
    try {
      const out = await runLoad(
        this.#lab,
        { clients: this.clients, port: this.#port, backlog: this.lesson.backlog, message, sampleMs: loadSampleMs },
        (sample) => {
          if (!portSaid) {
            portSaid = true;
            this.#emit({ type: 'lesson.port', lesson: id, port: sample.port });
          }
          const { atMs, phase, source, states, acceptQueue, backlog, connected, closed } = sample;
          this.#emit({
            type: 'load.sample',
            lesson: id,
            atMs,
            phase,
            source,
            states,
            acceptQueue,
            backlog,
            connected,
            closed,
          });
        },
      );
      this.#outcome = out;
      this.#emit({
        type: 'load.tally',
        lesson: id,
        clients: out.clients,
        planned: out.planned,
        made: out.tally.made,
        results: out.tally.results(),
        refused: out.refused,
        durationMs: out.durationMs,
        peakSockets: out.peakSockets,
      });
      const differs = tallyDiffers(out, message.length);
      this.#ok = differs === null;
      this.#emit({
        type: 'lesson.check',
        lesson: id,
        index: 0,
        ok: this.#ok,
        expected: expectedResult(out.clients, out.planned, message.length),
        actual: differs ?? `${out.tally.made.toLocaleString('en')} calls, each as expected`,
      });
    } finally {
      this.#running = false;
      this.#lab.closeAll();
    }
    this.#emit({ type: 'lesson.ready', lesson: id, next: null });
    this.#emit({ type: 'lesson.end', lesson: id, ok: this.#ok, mismatches: this.#ok ? 0 : 1 });
  }

  /** Closes every socket the run still holds. */
  dispose(): void {
    this.#lab.closeAll();
  }
}

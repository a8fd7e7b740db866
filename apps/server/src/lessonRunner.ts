import { type Lab, type LabCall, type PreparedCall, socketOwner } from '@socklab/kernel';
import type { Lesson, Step } from '@socklab/lessons';
import {
  type Address,
  ErrorCode,
  type EventBody,
  type KernelRow,
  SocklabError,
  type SyscallName,
} from '@socklab/protocol';
import { type BlockedSeen, checkStep, segmentsOfCall } from './checks.ts';
import { type CallRequest, type CallsOptions, type FinishedCall, LabCalls } from './lab/calls.ts';
import { CPrograms, printf } from './lab/cProgram.ts';

type Emit = (body: EventBody) => void;

/** How long a step marked `wait` waits for its actor's blocked call (SYN retries come at 1 s, 3 s, 7 s). */
export const waitLimitMs = 10_000;

/** Which lesson ports the sessions of one server hold, so that two sessions never share one. */
export type PortClaims = {
  /** Takes `port` for this run; false if another run holds it. */
  claim(port: number): boolean;
  release(port: number): void;
};

/** What a runner may use beside its lab. */
export type RunnerOptions = CallsOptions & {
  /** On the host's shared network: why there is no private one (shown with the lesson). */
  sharedReason?: string;
  /** On the host's shared network: the ports other runs of this server hold. */
  claims?: PortClaims;
  /** Run on the port asked for even if something holds it (to see the collision itself). */
  keepPort?: boolean;
};

// How often a wait for the accept queue reads the listener's TCP_INFO.
const pollMs = 10;
// The longest wait for a retransmission to refill the accept queue.
const maxTimerWaitMs = 30_000;

// How far past a held port the next free one is looked for, before the kernel is asked to choose.
const portSearch = 100;

/** Shared by `socklab run`, tests and the server: the lesson runner's result. */
export type LessonSummary = { lesson: string; ok: boolean; mismatches: number; finished: boolean };

/**
 * Runs a lesson one step at a time against a `Lab`: each step is one real
 * call (through `LabCalls`), whose real outcome is compared with the lesson's
 * expectation (a difference is reported, never hidden or replaced). The C
 * programs' own behaviour — their variables, what they write and print, and
 * `exit(1)` where they check a call — is theirs (`CPrograms`).
 *
 * @example
 * const runner = new LessonRunner(new Lab(), hello, { port: 0 }, (e) => log.append(e));
 * runner.start();
 * while (runner.next !== null) await runner.step();
 */
export class LessonRunner {
  readonly lesson: Lesson;
  readonly #emit: Emit;
  readonly #lab: Lab;
  readonly #calls: LabCalls;
  readonly #programs: CPrograms;
  readonly #blockedSeen = new Map<number, BlockedSeen>();
  readonly #options: RunnerOptions;
  #claimed: number | undefined;
  #next = 0;
  #mismatches = 0;
  #ended = false;
  #stopped: string | undefined;

  constructor(
    lab: Lab,
    lesson: Lesson,
    params: { port?: number | undefined },
    emit: Emit,
    options: RunnerOptions = {},
  ) {
    this.lesson = lesson;
    this.#lab = lab;
    this.#emit = emit;
    this.#calls = new LabCalls(lab, emit, options);
    this.#calls.onSettled = () => this.#afterStep();
    this.#programs = new CPrograms(params.port ?? lesson.port);
    this.#options = options;
  }

  /** Stops watching the wire and the table; the lab is the caller's to close. */
  dispose(): void {
    this.#calls.dispose();
    if (this.#claimed !== undefined) this.#options.claims?.release(this.#claimed);
  }

  /** Whether the lesson is over: every step ran and no call is blocked, or it stopped. */
  get finished(): boolean {
    return this.#ended;
  }

  /** Why the lesson stopped early (a call failed where the C program exits), if it did. */
  get stopped(): string | undefined {
    return this.#stopped;
  }

  /** The index of the next step, or null when all have run or the lesson stopped. */
  get next(): number | null {
    return this.#next < this.lesson.steps.length && !this.#stopped ? this.#next : null;
  }

  /** The actors blocked right now and the call each is blocked in. */
  blocked(): { actor: string; syscall: SyscallName; socket: string }[] {
    return this.#calls.blocked();
  }

  /** The result so far. */
  summary(): LessonSummary {
    return {
      lesson: this.lesson.id,
      ok: this.#mismatches === 0 && this.#stopped === undefined,
      mismatches: this.#mismatches,
      finished: this.#ended,
    };
  }

  /** Emits `lesson.start` and the first `lesson.ready`. */
  start(): void {
    const netns = this.#lab.netns;
    const moved = netns ? undefined : this.#freeLessonPort();
    this.#emit({
      type: 'lesson.start',
      lesson: this.lesson.id,
      params: { port: this.#programs.port },
      steps: this.lesson.steps.length,
      network: netns
        ? { kind: 'netns', path: netns.path }
        : { kind: 'shared', reason: this.#options.sharedReason ?? 'the lab shares the host’s network' },
      ...(moved ? { moved } : {}),
    });
    this.#emit({ type: 'lesson.ready', lesson: this.lesson.id, next: this.next });
    this.#calls.start();
  }

  /**
   * Runs the next step: resolves when its call has returned or blocked, and
   * every blocked call it made ready has returned too. A step marked `wait`
   * first waits (up to `waitLimitMs`) for its actor's blocked call to return.
   * Throws a `SocklabError` (nothing is run) when a step is already running,
   * the lesson is over, or the step's actor is still blocked.
   */
  async step(): Promise<void> {
    const index = this.#next;
    const step = this.lesson.steps[index];
    if (this.#stopped) throw new SocklabError(ErrorCode.lessonState, this.#stopped);
    if (step === undefined) throw new SocklabError(ErrorCode.lessonState, `lesson ${this.lesson.id} has no more steps`);
    await this.#waitForKernel(index, step);
    if (this.#stopped) throw new SocklabError(ErrorCode.lessonState, this.#stopped);
    this.#calls.assertFree(step.actor);
    let request: CallRequest;
    let prepared: PreparedCall;
    try {
      request = this.#request(index, step);
      prepared = this.#lab.prepare(request.call);
    } catch (err) {
      // socklab refused the call before the kernel saw it (an address outside
      // the loopback policy, a limit): the lesson cannot go on from here.
      const why = err instanceof Error ? err.message : String(err);
      this.#stopped = `${step.actor} stopped: socklab refused ${step.call.syscall}() before it reached the kernel: ${why}`;
      this.#afterStep();
      throw err;
    }
    this.#next++;
    this.#emit({ type: 'lesson.step', lesson: this.lesson.id, index, actor: step.actor, syscall: step.call.syscall });
    try {
      await this.#calls.run(request, prepared);
    } finally {
      this.#afterStep();
    }
  }

  // A step whose outcome depends on the kernel's timers waits for the kernel's
  // condition first, bounded, and says so (`lesson.wait`).
  async #waitForKernel(index: number, step: Step): Promise<void> {
    const blocked = step.wait ? this.#calls.blocked().find((b) => b.actor === step.actor) : undefined;
    if (blocked) {
      const until = { kind: 'call' as const, actor: step.actor, syscall: blocked.syscall };
      this.#emit({ type: 'lesson.wait', lesson: this.lesson.id, index, until, limitMs: waitLimitMs });
      await this.#calls.waitFor(step.actor, waitLimitMs);
    }
    const length = step.waitUntil?.acceptQueue;
    if (length === undefined) return;
    const queue = () => {
      const listener = this.#calls.sockets.listener();
      return listener ? (this.#lab.observe(listener.id).acceptQueue ?? 0) : 0;
    };
    if (queue() >= length) return;
    // A waiting client takes a freed place at its next SYN retransmission (or the server's
    // SYN-ACK retransmission completes a handshake whose ACK found the queue full): timers of
    // 1 s, 2 s, 4 s… after the first try. The wait is for that, bounded.
    const limitMs = maxTimerWaitMs;
    const until = { kind: 'acceptQueue' as const, length };
    this.#emit({ type: 'lesson.wait', lesson: this.lesson.id, index, until, limitMs });
    await this.#calls.whileWaiting(async () => {
      const end = performance.now() + limitMs;
      // The kernel gives no event for "the queue grew": its TCP_INFO is read until it did.
      while (queue() < length && performance.now() < end) await new Promise((r) => setTimeout(r, pollMs));
    });
  }

  // On the host's shared network the lesson's port may be held by anyone: an
  // earlier run's TIME_WAIT, another session, another program. The lesson
  // then runs on the next port nobody holds, and says what held its own.
  #freeLessonPort(): { from: number; heldBy: KernelRow[] } | undefined {
    const asked = this.#programs.port;
    if (asked === 0 || this.#options.keepPort) return undefined;
    const table = this.#options.table;
    const held = (port: number) => table?.holding(port) ?? [];
    const claims = this.#options.claims;
    const free = (port: number) => held(port).length === 0 && (claims?.claim(port) ?? true);
    if (free(asked)) {
      if (claims) this.#claimed = asked;
      return undefined;
    }
    let port = 0;
    for (let p = asked + 1; p <= Math.min(65535, asked + portSearch) && port === 0; p++) if (free(p)) port = p;
    if (port === 0) port = this.#lab.freePort();
    if (claims) this.#claimed = port;
    this.#programs.setPort(port);
    return { from: asked, heldBy: held(asked) };
  }

  #afterStep(): void {
    if (this.#ended) return;
    if (this.next === null && (!this.#calls.anyBlocked || this.#stopped)) {
      this.#ended = true;
      this.#emit({
        type: 'lesson.end',
        lesson: this.lesson.id,
        ok: this.#mismatches === 0 && this.#stopped === undefined,
        mismatches: this.#mismatches,
        ...(this.#stopped === undefined ? {} : { stopped: this.#stopped }),
      });
      return;
    }
    if (!this.#calls.busy) this.#emit({ type: 'lesson.ready', lesson: this.lesson.id, next: this.next });
  }

  // The step's call as the lab makes it: C variables become socket ids, `$port` the lesson's port.
  #request(index: number, step: Step): CallRequest {
    const { actor } = step;
    const call = step.call;
    const base = {
      actor,
      step: index,
      onExit: (done: FinishedCall) => this.#exited(index, step, done),
      onBlock: (socket: string | null) => {
        if (step.expect.whileBlocked) this.#blockedSeen.set(index, this.#seeBlocked(socket));
      },
    };
    if (call.syscall === 'socket') {
      const labCall: LabCall = {
        syscall: 'socket',
        family: call.family ?? 'inet',
        nonblocking: call.nonblocking ?? false,
      };
      return { ...base, call: labCall, creates: { role: call.role, name: call.as } };
    }
    const socket = this.#programs.socket(actor, call.socket);
    switch (call.syscall) {
      case 'bind':
        return {
          ...base,
          call: { syscall: 'bind', socket, host: call.host, port: this.#programs.resolvePort(call.port) },
        };
      case 'connect': {
        // A client that runs before any server (port 0: the kernel chooses at bind) needs a real port
        // nobody listens on: the kernel is asked for a free one, which the server binds later.
        if (call.port === '$port' && this.#programs.port === 0) this.#setPort(this.#lab.freePort());
        const port = this.#programs.resolvePort(call.port);
        return { ...base, call: { syscall: 'connect', socket, host: call.host, port } };
      }
      case 'accept':
        return { ...base, call: { syscall: 'accept', socket }, creates: { role: 'connection', name: call.as } };
      case 'read':
        return { ...base, call: { syscall: 'read', socket, size: call.size } };
      case 'write':
        return { ...base, call: { syscall: 'write', socket, data: this.#programs.bytes(actor, call.data) } };
      case 'setsockopt':
        return { ...base, call: { syscall: 'setsockopt', socket, option: call.option, value: call.value } };
      case 'listen':
        return { ...base, call: { syscall: 'listen', socket, backlog: call.backlog } };
      case 'shutdown':
        return { ...base, call: { syscall: 'shutdown', socket, how: call.how } };
      case 'getsockopt':
        return { ...base, call: { syscall: 'getsockopt', socket, option: call.option } };
      case 'close':
      case 'getsockname':
      case 'getpeername':
      case 'fcntl':
        return { ...base, call: { syscall: call.syscall, socket } };
      default: {
        const never: never = call;
        throw new TypeError(`unknown step call ${JSON.stringify(never)}`);
      }
    }
  }

  // What the program does with the call's result, then the check of the step.
  #exited(index: number, step: Step, done: FinishedCall): void {
    const { call, actor } = step;
    const { outcome, socket, observed } = done;
    if (outcome.created !== undefined && (call.syscall === 'socket' || call.syscall === 'accept')) {
      this.#programs.name(actor, call.as, outcome.created);
    }
    if (call.syscall === 'accept' && outcome.address && outcome.created)
      this.#outside(index, outcome.created, outcome.address);
    if (call.syscall === 'bind' && outcome.ret === 0 && call.port === '$port' && socket) {
      this.#setPort(observed.get(socket)?.local?.port ?? 0);
    }
    if (call.syscall === 'read' && outcome.ret >= 0) {
      const data = outcome.data ?? Buffer.alloc(0);
      this.#programs.filled(actor, call.into, data);
      if (call.print) this.#emit({ type: 'output', actor, stream: 'stdout', text: printf(call.print, data) });
    }
    const subjectId = outcome.created ?? socket;
    const subject = subjectId ? observed.get(subjectId) : undefined;
    // Only what the step's expectation compares is read: the listener's queue, the whole table.
    const listener =
      step.expect.acceptQueue === undefined
        ? undefined
        : (this.#calls.sockets.listener() ?? this.#calls.sockets.all().find((t) => t.role === 'listener'));
    const result = checkStep(step.expect, {
      outcome,
      subject,
      listener: listener ? (observed.get(listener.id) ?? this.#lab.observe(listener.id)) : undefined,
      rows: step.expect.table === undefined ? null : (done.rows?.() ?? null),
      packets: this.#calls.capturing
        ? segmentsOfCall(done.packets, outcome.blocked ? (done.whileBlocked ?? []) : null, subject)
        : null,
      blocked: this.#blockedSeen.get(index),
      port: this.#programs.port,
    });
    this.#blockedSeen.delete(index);
    if (!result.ok) this.#mismatches++;
    this.#emit({ type: 'lesson.check', lesson: this.lesson.id, index, ...result });
    if (call.syscall === 'getsockname' && call.sets === '$port' && outcome.address) this.#setPort(outcome.address.port);
    if (outcome.ret === -1 && step.onError) this.#failed(index, step, outcome);
  }

  // The C program checks this call: it prints its own message (`%m` is glibc's
  // strerror(errno), as perror() prints it) and, where its code says so, exits.
  // exit(1) makes the kernel close the program's sockets — unless the lesson
  // still steps through the program's error path (a close() before exit).
  #failed(index: number, step: Step, outcome: FinishedCall['outcome']): void {
    const { actor, call } = step;
    const onError = step.onError;
    if (!onError) return;
    const text = onError.text.replace('%m', outcome.errno?.message ?? '');
    this.#emit({ type: 'output', actor, stream: onError.stream, text });
    if (!onError.exits) return;
    const taught = step.expect.errno === outcome.errno?.name;
    const errorPath = this.lesson.steps.slice(index + 1).some((s) => s.actor === actor);
    if (!taught || !errorPath) this.#calls.exitActor(actor);
    // A failure the lesson teaches ends that program only; any other ends the lesson, which needed it.
    if (!taught) {
      this.#stopped = `${actor} stopped: ${call.syscall}() failed with ${outcome.errno?.name} (${outcome.errno?.message}), and its program exits on that error`;
    }
  }

  // accept() returned a connection no socket of the lab made: another program's
  // (a student's nc). Say whose, so the lesson can explain what follows.
  #outside(index: number, accepted: string, peer: Address): void {
    const same = (a: Address | null | undefined) => a?.host === peer.host && a.port === peer.port;
    if (this.#calls.sockets.all().some((t) => same(this.#calls.sockets.last(t.id)?.local))) return;
    const local = this.#calls.sockets.last(accepted)?.local;
    const inode = local ? (this.#options.table?.inodeOf(peer, local) ?? null) : null;
    const owner = inode ? socketOwner(inode) : null;
    this.#emit({ type: 'lesson.outside', lesson: this.lesson.id, index, peer, owner });
  }

  #setPort(port: number): void {
    if (port > 0 && this.#programs.setPort(port)) this.#emit({ type: 'lesson.port', lesson: this.lesson.id, port });
  }

  // A blocked call's socket and the listener, as the kernel reports them at the moment it blocks.
  #seeBlocked(socket: string | null): BlockedSeen {
    const listener = this.#calls.sockets.listener();
    return {
      tcp: socket ? (this.#lab.observe(socket).tcp ?? 'none') : 'none',
      acceptQueue: String(listener ? (this.#lab.observe(listener.id).acceptQueue ?? 'none') : 'none'),
    };
  }
}

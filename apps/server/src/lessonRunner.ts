import {
  type CallResult,
  type CapturedPacket,
  checkLabAddress,
  Lab,
  type Observation,
  type PacketCapture,
  type Reactor,
  type Readiness,
  sharedReactor,
  type TableObserver,
} from '@socklab/kernel';
import type { Expectation, Lesson, Step, StepCall, WriteData } from '@socklab/lessons';
import { type ApiEvent, apiStateAfter, type Role } from '@socklab/lifecycle';
import {
  type Address,
  bytesToText,
  type Errno,
  ErrorCode,
  type EventBody,
  type EventOf,
  type KernelRow,
  SocklabError,
  type SyscallName,
} from '@socklab/protocol';

type Emit = (body: EventBody) => void;

/** What a finished call returned, with what the driver adds for some calls. */
type Outcome = CallResult & { socket?: string; peer?: Address; data?: Buffer; soError?: Errno | null };

// getsockname/getpeername return their address where accept() returns the peer's.
function withAddress(result: CallResult & { address?: Address }): Outcome {
  const { address, ...rest } = result;
  return address ? { ...rest, peer: address } : rest;
}

type Tracked = { id: string; actor: string; role: Role; name: string; events: ApiEvent[] };

type Pending = {
  callId: number;
  index: number | null;
  step: Step;
  socket: string;
  want: Readiness;
  promise: Promise<Outcome>;
  outcome?: Outcome;
  failure?: unknown;
  /** Resolves once the call's exit has been emitted (or its failure reported). */
  done: Promise<void>;
  settle: () => void;
};

/** What the kernel reported when a call blocked. */
type BlockedSeen = { tcp: string; acceptQueue: string };

/** A segment as the checks see it: its flag set and the ports of its connection. */
type Segment = { flags: string; ports: readonly [number, number] };

/** How long a step marked `wait` waits for its actor's blocked call (SYN retries come at 1 s, 3 s, 7 s). */
export const waitLimitMs = 10_000;

/** What a runner may use beside its lab. */
export type RunnerOptions = {
  /** Packet capture on lo; null or absent when the machine cannot offer it. */
  capture?: PacketCapture | null;
  /** The kernel's socket table (sock_diag or /proc); null or absent to skip it. */
  table?: TableObserver | null;
  reactor?: Reactor;
  /** A playground instead of a lesson: calls come one by one through `call()`. */
  playground?: boolean;
};

/** Shared by `socklab run`, tests and the server: the lesson runner's result. */
export type LessonSummary = { lesson: string; ok: boolean; mismatches: number; finished: boolean };

/**
 * Runs a lesson one step at a time against a `Lab`: each step is one real
 * call, whose real outcome is emitted as protocol events and compared with the
 * lesson's expectation (a difference is reported, never hidden or replaced).
 *
 * A call that blocks leaves its actor blocked while other actors' steps run.
 * When a step makes a blocked call ready (a connect wakes an accept), that
 * call's exit is emitted right after the step's own, before `lesson.ready`, so
 * the log's order never depends on thread timing.
 *
 * @example
 * const runner = new LessonRunner(new Lab(), hello, { port: 0 }, (e) => log.append(e));
 * runner.start();
 * while (!runner.finished) await runner.step();
 */
export class LessonRunner {
  readonly lesson: Lesson;
  readonly #lab: Lab;
  readonly #emit: Emit;
  readonly #vars = new Map<string, string>();
  readonly #buffers = new Map<string, Buffer>();
  readonly #sockets = new Map<string, Tracked>();
  readonly #pending = new Map<string, Pending>();
  readonly #observed = new Map<string, string>();
  readonly #last = new Map<string, Observation>();
  #tick: ReturnType<typeof setTimeout> | undefined;
  #port: number;
  #next = 0;
  #callId = 0;
  #inFlight = false;
  #mismatches = 0;
  #ended = false;
  #stopped: string | undefined;
  readonly #capture: PacketCapture | null;
  readonly #table: TableObserver | null;
  readonly #reactor: Reactor;
  #disposed = false;
  readonly #playground: boolean;
  #idle: Promise<void> = Promise.resolve();
  #waiting = false;
  readonly #wire = new Map<number, string[]>();
  // Every segment seen while a call is blocked, per call (its checks look at all of them).
  readonly #segments = new Map<number, Segment[]>();
  readonly #blockedSeen = new Map<number, BlockedSeen>();

  constructor(
    lab: Lab,
    lesson: Lesson,
    params: { port?: number | undefined },
    emit: Emit,
    options: RunnerOptions = {},
  ) {
    this.#lab = lab;
    this.lesson = lesson;
    this.#emit = emit;
    this.#port = params.port ?? lesson.port;
    this.#playground = options.playground ?? false;
    this.#capture = options.capture ?? null;
    this.#table = options.table ?? null;
    this.#reactor = options.reactor ?? sharedReactor();
  }

  /** Stops watching the wire; the lab is the caller's to close. */
  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#tick);
    if (this.#capture) this.#reactor.cancel(this.#capture.fd);
  }

  // While the kernel table holds a running timer (TIME_WAIT, a SYN being
  // retransmitted), it is read again every second between calls, so the
  // countdown and the row's end are the kernel's, not an animation.
  #refreshTimers(rows: readonly KernelRow[]): void {
    clearTimeout(this.#tick);
    const table = this.#table;
    if (!table || this.#disposed || !rows.some((r) => r.timer.kind !== 'off')) return;
    this.#tick = setTimeout(() => {
      if (this.#disposed) return;
      if (this.#inFlight) {
        this.#refreshTimers(rows);
        return;
      }
      const fresh = table.rows(this.#lab.sockets(), new Map());
      this.#emit({ type: 'kernel.table', source: table.source, callId: null, rows: fresh });
      this.#refreshTimers(fresh);
    }, 1000);
    this.#tick.unref();
  }

  /** Whether the lesson is over: every step ran and no call is blocked, or it stopped. */
  get finished(): boolean {
    return this.#ended;
  }

  /** Why the lesson stopped early (a call failed where the C program would exit), if it did. */
  get stopped(): string | undefined {
    return this.#stopped;
  }

  /** The index of the next step, or null when all have run or the lesson stopped. */
  get next(): number | null {
    return this.#next < this.lesson.steps.length && !this.#stopped ? this.#next : null;
  }

  /** The actors blocked right now and the call each is blocked in. */
  blocked(): { actor: string; syscall: SyscallName }[] {
    return [...this.#pending.values()].map((p) => ({ actor: p.step.actor, syscall: p.step.call.syscall }));
  }

  /** The result so far. */
  summary(): LessonSummary {
    return { lesson: this.lesson.id, ok: this.#mismatches === 0, mismatches: this.#mismatches, finished: this.#ended };
  }

  /** Emits `lesson.start` and the first `lesson.ready`. */
  start(): void {
    this.#emit({
      type: 'lesson.start',
      lesson: this.lesson.id,
      params: { port: this.#port },
      steps: this.lesson.steps.length,
    });
    this.#emit({ type: 'lesson.ready', lesson: this.lesson.id, next: this.next });
    if (this.#capture) void this.#watchWire(this.#capture);
  }

  // Packets that no call caused right then (a delayed ACK, a retransmission,
  // an outside client's SYN) are emitted when they arrive, between steps.
  async #watchWire(capture: PacketCapture): Promise<void> {
    while (!this.#disposed) {
      try {
        await this.#reactor.wait(capture.fd, 'readable');
      } catch {
        return;
      }
      await this.#idle;
      if (!this.#disposed) this.#emitPackets(null);
    }
  }

  #emitPackets(callId: number | null): void {
    if (!this.#capture) return;
    for (const packet of this.#capture.drain()) {
      this.#table?.note({ family: packet.family, ...packet.src }, { family: packet.family, ...packet.dst });
      if (callId !== null) this.#wire.set(callId, [...(this.#wire.get(callId) ?? []), flagSet(packet.flags)]);
      const segment: Segment = { flags: flagSet(packet.flags), ports: [packet.src.port, packet.dst.port] };
      for (const seen of this.#segments.values()) seen.push(segment);
      this.#emit(packetEvent(packet, callId));
    }
  }

  #watchPort(port: number | undefined): void {
    if (this.#capture && port !== undefined && port > 0 && !this.#capture.ports.includes(port)) {
      this.#capture.addPort(port);
    }
  }

  /**
   * Runs the next step: resolves when its call has returned or blocked, and
   * every blocked call it made ready has returned too. A step marked `wait`
   * first waits (up to `waitLimitMs`) for its actor's blocked call to return.
   * Throws a `SocklabError` (nothing is run) when a step is already running,
   * the lesson is over, or the step's actor is still blocked.
   */
  async step(): Promise<void> {
    if (this.#playground) throw new SocklabError(ErrorCode.lessonState, 'the playground has no steps: make calls');
    const index = this.#next;
    const step = this.lesson.steps[index];
    if (this.#stopped) throw new SocklabError(ErrorCode.lessonState, this.#stopped);
    if (step === undefined) throw new SocklabError(ErrorCode.lessonState, `lesson ${this.lesson.id} has no more steps`);
    if (step.wait) await this.#waitFor(step.actor);
    if (this.#stopped) throw new SocklabError(ErrorCode.lessonState, this.#stopped);
    this.#assertFree(step.actor);
    this.#next++;
    try {
      await this.#execute(index, step);
    } catch (err) {
      // socklab refused the call before the kernel saw it (an address outside
      // the loopback policy, a limit): the lesson cannot go on from here.
      const why = err instanceof Error ? err.message : String(err);
      this.#stopped = `${step.actor} stopped: socklab refused ${step.call.syscall}() before it reached the kernel: ${why}`;
      throw err;
    } finally {
      this.#afterStep();
    }
  }

  /**
   * Playground: `actor` makes one call of its choice, with the same real
   * execution, blocking and observation as a lesson step, and no expectation.
   * Sockets are named by their ids. Throws a `SocklabError` (nothing is run)
   * for a closed or unknown socket, a refused address, or a blocked actor.
   */
  async call(actor: string, call: StepCall): Promise<void> {
    if (!this.#playground) throw new SocklabError(ErrorCode.lessonState, 'calls of your own are for the playground');
    this.#assertFree(actor);
    await this.#execute(null, { actor, call, line: 0, narration: { ko: '', en: '' }, expect: {} });
  }

  // The call returns when the kernel says so (a timer): its exit is emitted as
  // it happens, and the step goes on afterwards.
  async #waitFor(actor: string): Promise<void> {
    if (this.#inFlight || this.#waiting) throw new SocklabError(ErrorCode.busy, 'a call is already running');
    const pending = this.#pending.get(actor);
    if (!pending) return;
    this.#waiting = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        pending.done,
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, waitLimitMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
      this.#waiting = false;
    }
  }

  #assertFree(actor: string): void {
    if (this.#inFlight || this.#waiting) throw new SocklabError(ErrorCode.busy, 'a call is already running');
    const blocking = this.#pending.get(actor);
    if (blocking) {
      throw new SocklabError(
        ErrorCode.busy,
        `${actor} is still blocked in ${blocking.step.call.syscall}() and cannot make another call until it returns`,
      );
    }
  }

  async #execute(index: number | null, step: Step): Promise<void> {
    this.#inFlight = true;
    let done = () => {};
    this.#idle = new Promise<void>((resolve) => {
      done = resolve;
    });
    try {
      this.#emitPackets(null);
      await this.#run(index, step);
      await this.#settle();
    } finally {
      this.#inFlight = false;
      done();
    }
  }

  async #run(index: number | null, step: Step): Promise<void> {
    const { syscall } = step.call;
    if (index !== null) this.#emit({ type: 'lesson.step', lesson: this.lesson.id, index, actor: step.actor, syscall });
    // Anything socklab refuses (closed socket, address policy) is refused here, before the call exists.
    const { socket, args, invoke } = this.#prepare(step);
    const callId = this.#callId++;
    this.#emit({
      type: 'syscall.enter',
      callId,
      actor: step.actor,
      syscall,
      socket,
      args,
      ...(index === null ? {} : { step: index }),
    });

    let blockedOn: Readiness | undefined;
    const outcome = await new Promise<Outcome | { waiting: Promise<Outcome> }>((resolve, reject) => {
      let promise: Promise<Outcome> | undefined;
      const onBlock = (want: Readiness, why: string) => {
        blockedOn = want;
        this.#segments.set(callId, []);
        this.#emitPackets(callId);
        if (index !== null && step.expect.whileBlocked) this.#blockedSeen.set(callId, this.#seeBlocked(socket));
        if (socket) this.#sockets.get(socket)?.events.push({ type: 'syscall.block', syscall });
        this.#emit({
          type: 'syscall.block',
          callId,
          actor: step.actor,
          syscall,
          socket,
          waitingFor: want,
          wouldBlock: why,
        });
        queueMicrotask(() => resolve({ waiting: promise as Promise<Outcome> }));
      };
      try {
        promise = Promise.resolve(invoke(onBlock));
      } catch (err) {
        reject(err);
        return;
      }
      promise.then((o) => {
        if (blockedOn === undefined) resolve(o);
      }, reject);
    });

    if (!('waiting' in outcome)) {
      this.#finish(callId, index, step, socket, outcome);
      return;
    }
    let settle = () => {};
    const done = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const pending: Pending = {
      callId,
      index,
      step,
      socket: socket as string,
      want: blockedOn as Readiness,
      promise: outcome.waiting,
      done,
      settle,
    };
    this.#pending.set(step.actor, pending);
    pending.promise.then(
      (o) => {
        pending.outcome = o;
        if (!this.#inFlight) this.#complete(pending);
      },
      (err: unknown) => {
        pending.failure = err;
        if (!this.#inFlight) this.#complete(pending);
      },
    );
  }

  // A blocked call the current step made ready completes now, in block order.
  async #settle(): Promise<void> {
    for (const pending of [...this.#pending.values()]) {
      const ready = pending.outcome !== undefined || pending.failure !== undefined || this.#readyNow(pending);
      if (!ready) continue;
      try {
        pending.outcome = await pending.promise;
      } catch (err) {
        pending.failure = err;
      }
      this.#complete(pending);
    }
  }

  #readyNow(pending: Pending): boolean {
    try {
      return this.#lab.readyNow(pending.socket, pending.want);
    } catch {
      return true;
    }
  }

  #complete(pending: Pending): void {
    if (this.#pending.get(pending.step.actor) !== pending) return;
    this.#pending.delete(pending.step.actor);
    try {
      if (pending.outcome) {
        this.#finish(pending.callId, pending.index, pending.step, pending.socket, pending.outcome);
      } else if ((pending.failure as SocklabError | undefined)?.code !== ErrorCode.cancelled) {
        const message = pending.failure instanceof Error ? pending.failure.message : String(pending.failure);
        this.#emit({ type: 'error', code: ErrorCode.internal, message });
      }
      if (!this.#inFlight) this.#afterStep();
    } finally {
      this.#segments.delete(pending.callId);
      this.#blockedSeen.delete(pending.callId);
      pending.settle();
    }
  }

  // The lesson's listener: the first one still open (a restarted server's, once the first closed).
  #listener(): Tracked | undefined {
    return [...this.#sockets.values()].find((t) => t.role === 'listener' && !this.#lab.get(t.id).closed);
  }

  // A blocked call's socket and the listener, as the kernel reports them at the moment it blocks.
  #seeBlocked(socket: string | null): BlockedSeen {
    const listener = this.#listener();
    return {
      tcp: socket ? (this.#lab.observe(socket).tcp ?? 'none') : 'none',
      acceptQueue: String(listener ? (this.#lab.observe(listener.id).acceptQueue ?? 'none') : 'none'),
    };
  }

  #afterStep(): void {
    if (this.#ended || this.#playground) return;
    if (this.next === null && (this.#pending.size === 0 || this.#stopped)) {
      this.#ended = true;
      this.#emit({
        type: 'lesson.end',
        lesson: this.lesson.id,
        ok: this.#mismatches === 0,
        mismatches: this.#mismatches,
      });
      return;
    }
    if (!this.#inFlight) this.#emit({ type: 'lesson.ready', lesson: this.lesson.id, next: this.next });
  }

  #prepare(step: Step): {
    socket: string | null;
    args: Record<string, string | number | boolean | null>;
    invoke: (onBlock: (want: Readiness, why: string) => void) => Outcome | Promise<Outcome>;
  } {
    const lab = this.#lab;
    const call: StepCall = step.call;
    if (call.syscall === 'socket') {
      const family = call.family ?? 'inet';
      const nonblocking = call.nonblocking ?? false;
      return {
        socket: null,
        args: {
          domain: family === 'inet' ? 'PF_INET' : 'PF_INET6',
          type: nonblocking ? 'SOCK_STREAM|SOCK_NONBLOCK' : 'SOCK_STREAM',
          protocol: 0,
        },
        invoke: () => lab.socket(family, { nonblocking }),
      };
    }
    const socket = this.#var(step.actor, call.socket);
    const fd = lab.open(socket).fd;
    switch (call.syscall) {
      case 'setsockopt':
        return {
          socket,
          args: { fd, option: call.option, value: call.value },
          invoke: () => lab.setsockopt(socket, call.option, call.value),
        };
      case 'bind': {
        const port = this.#resolvePort(call.port);
        return {
          socket,
          args: { fd, host: call.host, port },
          invoke: () => lab.bind(socket, { host: call.host, port }),
        };
      }
      case 'listen':
        return { socket, args: { fd, backlog: call.backlog }, invoke: () => lab.listen(socket, call.backlog) };
      case 'accept':
        return { socket, args: { fd }, invoke: (onBlock) => lab.accept(socket, onBlock) };
      case 'connect': {
        // A client that runs before any server (port 0: the kernel chooses at bind) needs a real port
        // nobody listens on: ask the kernel for a free one, which the server will bind later.
        if (call.port === '$port' && this.#port === 0) this.#port = freeLoopbackPort();
        const port = this.#resolvePort(call.port);
        checkLabAddress(call.host, port, 'connect');
        return {
          socket,
          args: { fd, host: call.host, port },
          invoke: (onBlock) => {
            // The capture keeps only watched ports: watch the peer before the SYN leaves.
            this.#watchPort(port);
            return lab.connect(socket, { host: call.host, port }, onBlock);
          },
        };
      }
      case 'read':
        return { socket, args: { fd, size: call.size }, invoke: (onBlock) => lab.read(socket, call.size, onBlock) };
      case 'write': {
        const bytes = this.#bytes(step.actor, call.data);
        return {
          socket,
          args: { fd, bytes: bytes.length, text: bytesToText(bytes) },
          invoke: (onBlock) => lab.write(socket, bytes, onBlock),
        };
      }
      case 'shutdown':
        return { socket, args: { fd, how: call.how }, invoke: () => lab.shutdown(socket, call.how) };
      case 'close':
        return { socket, args: { fd }, invoke: () => lab.close(socket) };
      case 'getsockname':
        return { socket, args: { fd }, invoke: () => withAddress(lab.getsockname(socket)) };
      case 'getpeername':
        return { socket, args: { fd }, invoke: () => withAddress(lab.getpeername(socket)) };
      case 'fcntl':
        return {
          socket,
          args: { fd, cmd: 'F_SETFL', flags: 'O_NONBLOCK' },
          invoke: () => lab.fcntlNonblocking(socket),
        };
      case 'getsockopt':
        return {
          socket,
          args: { fd, level: 'SOL_SOCKET', option: 'SO_ERROR' },
          invoke: () => {
            const result = lab.getsockoptError(socket);
            return result.value === undefined ? result : { ...result, soError: result.value };
          },
        };
      default: {
        const never: never = call;
        throw new TypeError(`unknown call ${JSON.stringify(never)}`);
      }
    }
  }

  #finish(callId: number, index: number | null, step: Step, socket: string | null, outcome: Outcome): void {
    const { call } = step;
    this.#emitPackets(callId);
    const segments = this.#segments.get(callId) ?? [];
    this.#segments.delete(callId);
    const exit: EventBody = {
      type: 'syscall.exit',
      callId,
      actor: step.actor,
      syscall: call.syscall,
      socket,
      ret: outcome.ret,
      errno: outcome.errno,
      blocked: outcome.blocked,
      durationMs: Math.round(outcome.durationMs * 1000) / 1000,
      impl: outcome.impl,
      ...(outcome.socket === undefined ? {} : { created: outcome.socket }),
      ...(outcome.peer === undefined ? {} : { address: outcome.peer }),
      ...(outcome.soError === undefined ? {} : { soError: outcome.soError }),
    };
    this.#emit(exit);
    const apiEvent: ApiEvent = {
      type: 'syscall.exit',
      syscall: call.syscall,
      ret: outcome.ret,
      errno: outcome.errno,
      ...(outcome.socket === undefined ? {} : { created: outcome.socket }),
      ...(call.syscall === 'shutdown' ? { args: { how: call.how } } : {}),
    };

    if (call.syscall === 'socket' && outcome.socket) {
      this.#track(outcome.socket, step.actor, call.role, call.as || outcome.socket, []);
    }
    if (socket) {
      const tracked = this.#sockets.get(socket);
      tracked?.events.push(apiEvent);
      // In the playground a socket's role shows once it listens (or connects).
      if (tracked && this.#playground && call.syscall === 'listen' && outcome.ret === 0) tracked.role = 'listener';
    }
    if (call.syscall === 'accept' && outcome.socket) {
      this.#track(outcome.socket, step.actor, 'connection', call.as || outcome.socket, []);
    }
    if (call.syscall === 'bind' && outcome.ret === 0 && call.port === '$port' && this.#port === 0 && socket) {
      this.#port = this.#lab.observe(socket).local?.port ?? 0;
    }
    if ((call.syscall === 'read' || call.syscall === 'write') && outcome.ret > 0 && socket) {
      const bytes = call.syscall === 'read' ? (outcome.data ?? Buffer.alloc(0)) : this.#bytes(step.actor, call.data);
      const moved = bytes.subarray(0, outcome.ret);
      this.#emit({
        type: 'data',
        callId,
        actor: step.actor,
        socket,
        direction: call.syscall === 'read' ? 'received' : 'sent',
        base64: moved.toString('base64'),
        text: bytesToText(moved),
      });
    }
    if (call.syscall === 'read' && outcome.ret >= 0) {
      const data = outcome.data ?? Buffer.alloc(0);
      this.#buffers.set(`${step.actor}:${call.into}`, data);
      if (call.print) this.#emit({ type: 'stdout', actor: step.actor, text: printf(call.print, data) });
    }

    const observed = this.#observeAll(socket, outcome.socket);
    let rows: KernelRow[] | null = null;
    if (this.#table) {
      const bound = call.syscall === 'bind' && outcome.ret === 0 ? observed.get(socket ?? '')?.local?.port : undefined;
      rows = this.#table.rows(this.#lab.sockets(), observed, { scan: bound ? [bound] : [], onlyObserved: true });
      this.#emit({ type: 'kernel.table', source: this.#table.source, callId, rows });
      this.#refreshTimers(rows);
    }
    if (index === null) return;
    const subject = outcome.socket ?? socket;
    const listener = this.#listener() ?? [...this.#sockets.values()].find((t) => t.role === 'listener');
    const subjectSeen = subject ? observed.get(subject) : undefined;
    this.#check(index, step.expect, outcome, {
      subject: subjectSeen,
      listener: listener ? (observed.get(listener.id) ?? this.#lab.observe(listener.id)) : undefined,
      rows,
      packets: this.#capture ? this.#packetsOf(callId, outcome.blocked ? segments : null, subjectSeen) : null,
      blocked: this.#blockedSeen.get(callId),
    });
    this.#blockedSeen.delete(callId);
    if (call.syscall === 'getsockname' && call.sets === '$port' && outcome.peer) this.#port = outcome.peer.port;
    if (outcome.errno && step.expect.errno === null) {
      // The C program checks this call and exits on -1: the lesson cannot go on.
      this.#stopped = `${step.actor} stopped: ${call.syscall}() failed with ${outcome.errno.name} (${outcome.errno.message}), and its program exits on that error`;
      this.#emit({
        type: 'stdout',
        actor: step.actor,
        text: `${call.syscall}() failed: ${outcome.errno.message} — exit(1)\n`,
      });
      this.#exitActor(step.actor);
    }
  }

  // exit(1) makes the kernel close every descriptor of the process: close the
  // actor's open sockets for real and show the kernel's view afterwards.
  #exitActor(actor: string): void {
    for (const tracked of this.#sockets.values()) {
      if (tracked.actor !== actor || this.#lab.get(tracked.id).closed) continue;
      this.#lab.close(tracked.id);
      tracked.events.push({ type: 'syscall.exit', syscall: 'close', ret: 0, errno: null });
    }
    this.#observeAll(null);
  }

  #track(id: string, actor: string, role: Role, name: string, events: ApiEvent[]): void {
    this.#sockets.set(id, { id, actor, role, name, events });
    this.#vars.set(`${actor}:${name}`, id);
  }

  // After each call every open socket is observed; a socket.state is emitted
  // for the call's own socket and for every socket whose kernel view changed.
  // After a call the kernel is asked about the sockets it involved: the call's
  // own, the one it created, their peers on this lab, and the listener on their
  // port (per step and per involved socket, not every socket every time). A
  // socket.state is emitted for the call's own socket and for every observed
  // socket whose kernel view changed.
  #observeAll(touched: string | null, created?: string): Map<string, Observation> {
    const seen = new Map<string, Observation>();
    const observe = (id: string) => {
      if (seen.has(id)) return;
      const tracked = this.#sockets.get(id);
      if (!tracked) return;
      const sock = this.#lab.get(id);
      if (sock.closed && this.#observed.get(id) === 'closed') return;
      const observation = this.#lab.observe(id);
      seen.set(id, observation);
      // A closed socket's last addresses still name its peer (for the close step).
      if (!sock.closed) this.#last.set(id, observation);
      this.#watchPort(observation.local?.port);
      const body: EventOf<'socket.state'> extends infer E ? Omit<E & object, 'seq' | 't'> : never = {
        type: 'socket.state',
        socket: id,
        actor: tracked.actor,
        fd: observation.fd,
        role: tracked.role,
        api: apiStateAfter(tracked.role, tracked.events),
        tcp: observation.tcp,
        local: observation.local,
        remote: observation.remote,
        recvQ: observation.recvQ,
        sendQ: observation.sendQ,
        acceptQueue: observation.acceptQueue,
        backlog: observation.backlog,
        closed: sock.closed,
      };
      const key = sock.closed ? 'closed' : JSON.stringify(body);
      if (key === this.#observed.get(id) && id !== touched) return;
      this.#observed.set(id, key);
      this.#emit(body as EventBody);
    };
    const first = [touched, created].filter((id): id is string => typeof id === 'string');
    // A blocked call's socket is in flight too: its state moves on its own (SYN_SENT…).
    for (const p of this.#pending.values()) first.push(p.socket);
    // Sockets never observed yet, and ones closed since, are always looked at once.
    for (const id of this.#sockets.keys()) if (!this.#observed.has(id) || this.#lab.get(id).closed) first.push(id);
    if (touched === null && created === undefined) first.push(...this.#sockets.keys());
    for (const id of first) observe(id);
    const ends = [...first].flatMap((id) => {
      const o = this.#last.get(id);
      return o ? [o] : [];
    });
    const same = (a: Address | null, b: Address | null) =>
      a !== null && b !== null && a.host === b.host && a.port === b.port;
    const ports = new Set(ends.flatMap((o) => [o.local?.port, o.remote?.port]).filter((p) => p !== undefined && p > 0));
    for (const [id, tracked] of this.#sockets) {
      const o = this.#last.get(id);
      if (!o || seen.has(id)) continue;
      const peer = ends.some((e) => same(e.remote, o.local) || same(e.local, o.remote));
      const listener = tracked.role === 'listener' && o.local !== null && ports.has(o.local.port);
      if (peer || listener) observe(id);
    }
    return seen;
  }

  // The segments a call is checked against: those it caused, or, for a call
  // that blocked, every segment of its connection from its entry until it
  // returned, whoever sent it and whichever call it was shown with.
  #packetsOf(callId: number, whileBlocked: Segment[] | null, subject: Observation | undefined): string[] {
    const local = subject?.local?.port;
    const remote = subject?.remote?.port;
    if (whileBlocked === null || local === undefined || remote === undefined) return this.#wire.get(callId) ?? [];
    return whileBlocked
      .filter(({ ports: [a, b] }) => (a === local && b === remote) || (a === remote && b === local))
      .map((s) => s.flags);
  }

  #check(
    index: number,
    expect: Expectation,
    outcome: Outcome,
    seen: {
      subject: Observation | undefined;
      listener: Observation | undefined;
      rows: KernelRow[] | null;
      packets: string[] | null;
      blocked: BlockedSeen | undefined;
    },
  ): void {
    const observed = seen.subject;
    const expected: string[] = [];
    const actual: string[] = [];
    let ok = true;
    const compare = (label: string, want: string, got: string) => {
      expected.push(`${label} ${want}`);
      actual.push(`${label} ${got}`);
      if (want !== got) ok = false;
    };
    if (expect.ret !== undefined) {
      const got = expect.ret === 'fd' && outcome.ret >= 0 ? 'fd' : String(outcome.ret);
      compare('ret', String(expect.ret), got);
    }
    if (expect.errno !== undefined) compare('errno', expect.errno ?? 'none', outcome.errno?.name ?? 'none');
    if (expect.blocks !== undefined) compare('blocked', String(expect.blocks), String(outcome.blocked));
    if (expect.tcp !== undefined) compare('tcp', expect.tcp, observed?.tcp ?? 'none');
    if (expect.soError !== undefined) {
      compare(
        'SO_ERROR',
        expect.soError ?? 'none',
        outcome.soError === undefined ? '?' : (outcome.soError?.name ?? 'none'),
      );
    }
    if (expect.ephemeralPort !== undefined) {
      const port = outcome.peer?.port ?? 0;
      compare('ephemeral port', String(expect.ephemeralPort), String(port >= 1024 && port !== this.#port));
    }
    if (expect.acceptQueue !== undefined) {
      compare('accept queue', String(expect.acceptQueue), String(seen.listener?.acceptQueue ?? 'none'));
    }
    const whileBlocked = expect.whileBlocked;
    if (whileBlocked?.tcp !== undefined) {
      compare('while blocked: tcp', whileBlocked.tcp, seen.blocked?.tcp ?? 'not blocked');
    }
    if (whileBlocked?.acceptQueue !== undefined) {
      const got = seen.blocked?.acceptQueue ?? 'not blocked';
      compare('while blocked: accept queue', String(whileBlocked.acceptQueue), got);
    }
    // Packets and the socket table are checked only where the machine can show them.
    if (expect.packets !== undefined && seen.packets !== null) {
      const want = expect.packets.map((f) => flagSet(f.split(',')));
      compare('packets', want.join(' '), isSubsequence(want, seen.packets) ? want.join(' ') : seen.packets.join(' '));
    }
    if (expect.table !== undefined && seen.rows !== null) {
      const rows = seen.rows;
      for (const row of expect.table) {
        const label = `${row.side} ${row.state}${row.fd ? '' : ' (no fd)'}`;
        const found = rows.some(
          (r) =>
            r.state === row.state &&
            (r.inode !== 0) === row.fd &&
            (r.local.port === this.#port ? 'server' : 'client') === row.side,
        );
        compare('table', label, found ? label : `no ${label} in [${rows.map((r) => r.linuxState).join(', ')}]`);
      }
    }
    if (expect.text !== undefined)
      compare('text', JSON.stringify(expect.text), JSON.stringify(bytesToText(outcome.data ?? Buffer.alloc(0))));
    if (!ok) this.#mismatches++;
    this.#emit({
      type: 'lesson.check',
      lesson: this.lesson.id,
      index,
      ok,
      expected: expected.join(', '),
      actual: actual.join(', '),
    });
  }

  #var(actor: string, name: string): string {
    if (this.#playground) {
      this.#lab.get(name);
      return name;
    }
    const id = this.#vars.get(`${actor}:${name}`);
    if (id === undefined) throw new SocklabError(ErrorCode.lessonState, `${actor} has no socket named ${name} yet`);
    return id;
  }

  #resolvePort(port: number | '$port'): number {
    return port === '$port' ? this.#port : port;
  }

  #bytes(actor: string, data: WriteData): Buffer {
    if ('hex' in data && typeof data.hex === 'string') return Buffer.from(data.hex, 'hex');
    const nul = 'nul' in data && data.nul ? Buffer.from([0]) : Buffer.alloc(0);
    if ('text' in data && typeof data.text === 'string') return Buffer.concat([Buffer.from(data.text, 'utf8'), nul]);
    const from = 'from' in data ? data.from : '';
    const source = cString(this.#buffers.get(`${actor}:${from}`) ?? Buffer.alloc(0));
    // sprintf(buff_snd, "%d : %s", (int)strlen(buff_rcv), buff_rcv) on the real bytes read.
    return Buffer.concat([Buffer.from(`${source.length} : `), source, nul]);
  }
}

/** A loopback port no socket holds right now, as the kernel picks it for bind() to port 0. */
function freeLoopbackPort(): number {
  const probe = new Lab();
  try {
    const { socket } = probe.socket();
    if (socket === undefined) throw new SocklabError(ErrorCode.internal, 'cannot create a socket to find a free port');
    probe.bind(socket, { host: '127.0.0.1', port: 0 });
    const port = probe.observe(socket).local?.port;
    if (!port) throw new SocklabError(ErrorCode.internal, 'the kernel gave no free port');
    return port;
  } finally {
    probe.closeAll();
  }
}

function packetEvent(p: CapturedPacket, callId: number | null): EventBody {
  const payload = Buffer.from(p.payload);
  return {
    type: 'packet',
    callId,
    family: p.family,
    src: { family: p.family, host: p.src.host, port: p.src.port },
    dst: { family: p.family, host: p.dst.host, port: p.dst.port },
    flags: p.flags,
    seqNo: p.seqNo,
    ackNo: p.ackNo,
    relSeq: p.relSeq,
    relAck: p.relAck,
    window: p.window,
    length: p.length,
    options: p.options,
    payloadBase64: payload.toString('base64'),
    payloadText: bytesToText(payload),
  };
}

/** A segment's flags as one comparable string, in a fixed order: `SYN,ACK`. */
function flagSet(flags: readonly string[]): string {
  const order = ['SYN', 'FIN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR'];
  return [...flags].sort((a, b) => order.indexOf(a) - order.indexOf(b)).join(',');
}

/** Whether `want` appears in `got` in order (other items may come between). */
function isSubsequence(want: readonly string[], got: readonly string[]): boolean {
  let i = 0;
  for (const item of got) if (item === want[i]) i++;
  return i === want.length;
}

/** The bytes of a C string: up to, not including, the first NUL. */
function cString(bytes: Buffer): Buffer {
  const nul = bytes.indexOf(0);
  return nul < 0 ? bytes : bytes.subarray(0, nul);
}

/** printf with one `%s` argument, as the C program prints what it read. */
function printf(format: string, data: Buffer): string {
  return format.replace('%s', bytesToText(cString(data)));
}

import {
  type CallOutcome,
  type Lab,
  type PacketCapture,
  type PreparedCall,
  type Readiness,
  SockDiag,
  sharedReactor,
} from '@socklab/kernel';
import type { ApiEvent } from '@socklab/lifecycle';
import { bytesToText, ErrorCode, type EventBody, SocklabError, type SyscallName } from '@socklab/protocol';
import type { CallRequest, CallsOptions, Pending } from './callTypes.ts';
import { InFlight } from './inFlight.ts';
import { KernelTableFeed } from './kernelTable.ts';
import { LabSockets } from './sockets.ts';
import { Wire } from './wire.ts';

export type { CallRequest, CallsOptions, FinishedCall } from './callTypes.ts';

type Emit = (body: EventBody) => void;

/**
 * How long a call's segments may take to be captured and processed after it
 * returned (WIRE-1): on an idle machine they already are; a busy one defers
 * loopback's receive work to ksoftirqd for a few milliseconds.
 */
export const settleLimitMs = 250;

/**
 * Makes a lab's calls one at a time, as its programs would: each call is one
 * real syscall, shown as `syscall.enter`, `syscall.block` if it would block,
 * and `syscall.exit` with what the kernel returned, followed by what it moved
 * (`data`), the packets it caused, the sockets it changed and the kernel's
 * table. A call that blocks leaves its actor blocked while other actors call;
 * when a call makes a blocked one ready (a connect wakes an accept), that
 * call's exit is emitted right after the waking call's, so the log's order
 * never depends on thread timing. Shared by the lesson runner and the
 * playground.
 *
 * @example
 * const calls = new LabCalls(lab, emit, { capture, table });
 * calls.start();
 * await calls.run({ actor: 'server', call: { syscall: 'socket' }, creates: { role: 'listener', name: null } });
 */
export class LabCalls {
  readonly sockets: LabSockets;
  /** Told after a blocked call returned while no other call ran. */
  onSettled: () => void = () => {};
  readonly #lab: Lab;
  readonly #emit: Emit;
  readonly #wire: Wire;
  readonly #table: KernelTableFeed;
  readonly #pending = new Map<string, Pending>();
  #diag: SockDiag | null = null;
  #openCapture: (() => PacketCapture | null) | undefined;
  readonly #inFlightSegments: InFlight;
  #callId = 0;
  #inFlight = false;
  #waiting = false;
  // A blocked call returning while no call runs is finished in the background; a call waits for it.
  #background: Promise<void> = Promise.resolve();
  // While a call runs or a background completion is attributed, frames are the call's: the watcher waits.
  #active = 0;
  #idle: Promise<void> = Promise.resolve();
  #becomeIdle = () => {};

  constructor(lab: Lab, emit: Emit, options: CallsOptions = {}) {
    this.#lab = lab;
    this.#emit = emit;
    this.sockets = new LabSockets(lab, emit);
    const capture = options.capture ?? null;
    const table = options.table ?? null;
    this.#wire = new Wire(capture, table, emit, options.reactor ?? sharedReactor(), options.exactWire ?? false);
    this.#inFlightSegments = new InFlight(lab, this.#wire, null);
    if (capture) this.#openDiag();
    else this.#openCapture = options.openCapture;
    this.#table = new KernelTableFeed(table, lab, emit, () => this.busy);
  }

  // sock_diag lives in the lab's namespace: it reads the ends no fd holds (an orphan after close()).
  #openDiag(): void {
    this.#diag = this.#lab.within(() => SockDiag.open()).diag;
    this.#inFlightSegments.attach(this.#diag);
  }

  // A lazy capture (and its sock_diag) is opened by the lab's first call: an idle lab holds neither.
  #openWatchers(): void {
    const open = this.#openCapture;
    if (!open) return;
    this.#openCapture = undefined;
    const capture = open();
    if (!capture) return;
    this.#wire.attach(capture);
    this.#openDiag();
  }

  /** Whether packets are captured (checks of packets apply). */
  get capturing(): boolean {
    return this.#wire.on;
  }

  /** Whether a call runs now, or a step waits for one. */
  get busy(): boolean {
    return this.#inFlight || this.#waiting;
  }

  /** Starts emitting packets that arrive between calls. */
  start(): void {
    void this.#wire.watch(() => this.#idle);
  }

  /** Stops watching the wire and the table's timers; the lab is the caller's to close. */
  dispose(): void {
    this.#openCapture = undefined;
    this.#wire.dispose();
    this.#table.dispose();
    this.#diag?.close();
  }

  /** Keeps the packets of `port` from now on. */
  watchPort(port: number): void {
    this.#wire.watchPort(port);
  }

  /** The actors blocked right now and the call each is blocked in. */
  blocked(): { actor: string; syscall: SyscallName; socket: string }[] {
    return [...this.#pending.values()].map((p) => ({
      actor: p.request.actor,
      syscall: p.request.call.syscall,
      socket: p.socket,
    }));
  }

  /** Whether any call is blocked. */
  get anyBlocked(): boolean {
    return this.#pending.size > 0;
  }

  /** Throws SOCKLAB_ERR_BUSY if a call runs or `actor` is blocked in one. */
  assertFree(actor: string): void {
    if (this.busy) throw new SocklabError(ErrorCode.busy, 'a call is already running');
    const blocking = this.#pending.get(actor);
    if (blocking) {
      throw new SocklabError(
        ErrorCode.busy,
        `${actor} is still blocked in ${blocking.request.call.syscall}() and cannot make another call until it returns`,
      );
    }
  }

  /**
   * Waits (up to `limitMs`) for `actor`'s blocked call to return: the kernel's
   * timers finish it (a SYN retransmitted after 1 s); its exit is emitted as it
   * happens.
   */
  async waitFor(actor: string, limitMs: number): Promise<void> {
    if (this.busy) throw new SocklabError(ErrorCode.busy, 'a call is already running');
    const pending = this.#pending.get(actor);
    if (!pending) return;
    this.#waiting = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([pending.done, new Promise<void>((resolve) => (timer = setTimeout(resolve, limitMs)))]);
    } finally {
      clearTimeout(timer);
      this.#waiting = false;
    }
  }

  /** Runs `wait` as a wait of the lab's (busy meanwhile, so no call starts). */
  async whileWaiting(wait: () => Promise<void>): Promise<void> {
    if (this.busy) throw new SocklabError(ErrorCode.busy, 'a call is already running');
    this.#waiting = true;
    try {
      await wait();
    } finally {
      this.#waiting = false;
    }
  }

  /**
   * Makes one call: resolves when it has returned or blocked, and every
   * blocked call it made ready has returned too. A call socklab refuses (a
   * closed socket, an address outside the policy, a limit) throws a
   * `SocklabError` before anything is emitted. `prepared`: the call as
   * `lab.prepare(request.call)` made it already (a caller that checked it first).
   */
  async run(request: CallRequest, prepared?: PreparedCall): Promise<void> {
    this.assertFree(request.actor);
    prepared ??= this.#lab.prepare(request.call);
    this.#inFlight = true;
    this.#enter();
    try {
      // A blocked call finishing in the background is shown whole before this call starts.
      await this.#background;
      this.#wire.drain(null);
      await this.#start(request, prepared);
      await this.#settle();
    } finally {
      this.#inFlight = false;
      this.#leave();
      // A blocked call that returned while this one was being finished.
      for (const pending of [...this.#pending.values()]) {
        if (pending.outcome !== undefined || pending.failure !== undefined) this.#inBackground(pending);
      }
    }
  }

  #enter(): void {
    if (this.#active++ > 0) return;
    this.#idle = new Promise<void>((resolve) => {
      this.#becomeIdle = resolve;
    });
  }

  #leave(): void {
    if (--this.#active === 0) this.#becomeIdle();
  }

  // Finishes a blocked call that returned while no call ran, after any other such completion.
  #inBackground(pending: Pending): void {
    this.#enter();
    const job = this.#background.then(async () => {
      try {
        await this.#complete(pending);
      } finally {
        this.#leave();
      }
    });
    this.#background = job.catch(() => {});
  }

  /**
   * exit(): the kernel closes every descriptor of the process. Closes the
   * actor's open sockets for real and shows the kernel's view afterwards.
   */
  exitActor(actor: string): void {
    for (const tracked of this.sockets.all()) {
      if (tracked.actor !== actor || this.#lab.get(tracked.id).closed) continue;
      this.#lab.close(tracked.id);
      this.sockets.record(tracked.id, { type: 'syscall.exit', syscall: 'close', ret: 0, errno: null });
    }
    this.sockets.observe([], true);
  }

  async #start(request: CallRequest, prepared: PreparedCall): Promise<void> {
    const { socket, args } = prepared;
    const { syscall } = request.call;
    this.#openWatchers();
    // The capture keeps only watched ports: watch the peer before the SYN leaves.
    if (args.syscall === 'connect') this.#wire.watchPort(args.address.port);
    const callId = this.#callId++;
    this.#emit({
      type: 'syscall.enter',
      callId,
      actor: request.actor,
      socket,
      call: args,
      ...(request.step === undefined ? {} : { step: request.step }),
    });

    let blockedOn: Readiness | undefined;
    const outcome = await new Promise<CallOutcome | { waiting: Promise<CallOutcome> }>((resolve, reject) => {
      let promise: Promise<CallOutcome> | undefined;
      const onBlock = (want: Readiness, why: string) => {
        blockedOn = want;
        this.#wire.startCollecting(callId);
        this.#noteEndpoints([socket]);
        this.#wire.drain(callId);
        request.onBlock?.(socket);
        if (socket) this.sockets.record(socket, { type: 'syscall.block', syscall });
        this.#emit({
          type: 'syscall.block',
          callId,
          actor: request.actor,
          syscall,
          socket,
          waitingFor: want,
          wouldBlock: why,
        });
        // What the kernel says of the socket while it waits (a connect in SYN_SENT).
        if (socket) this.sockets.observe([socket]);
        queueMicrotask(() => resolve({ waiting: promise as Promise<CallOutcome> }));
      };
      try {
        promise = Promise.resolve(prepared.run(onBlock));
      } catch (err) {
        reject(err);
        return;
      }
      promise.then((o) => {
        if (blockedOn === undefined) resolve(o);
      }, reject);
    });

    if (!('waiting' in outcome)) {
      await this.#finish(callId, request, socket, outcome);
      return;
    }
    let settle = () => {};
    const done = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const pending: Pending = {
      callId,
      request,
      socket: socket as string,
      want: blockedOn as Readiness,
      promise: outcome.waiting,
      done,
      settle,
    };
    this.#pending.set(request.actor, pending);
    pending.promise.then(
      (o) => {
        pending.outcome = o;
        if (!this.#inFlight) this.#inBackground(pending);
      },
      (err: unknown) => {
        pending.failure = err;
        if (!this.#inFlight) this.#inBackground(pending);
      },
    );
  }

  // A blocked call the current call made ready completes now, in block order.
  async #settle(): Promise<void> {
    for (const pending of [...this.#pending.values()]) {
      const ready = pending.outcome !== undefined || pending.failure !== undefined || this.#readyNow(pending);
      if (!ready) continue;
      // Ready now: the blocked call retries at once instead of after the reactor's worker says so.
      if (pending.outcome === undefined && pending.failure === undefined) this.#lab.nudge(pending.socket);
      try {
        pending.outcome = await pending.promise;
      } catch (err) {
        pending.failure = err;
      }
      await this.#complete(pending);
    }
  }

  #readyNow(pending: Pending): boolean {
    try {
      return this.#lab.readyNow(pending.socket, pending.want);
    } catch {
      return true;
    }
  }

  async #complete(pending: Pending): Promise<void> {
    if (this.#pending.get(pending.request.actor) !== pending) return;
    this.#pending.delete(pending.request.actor);
    try {
      if (pending.outcome) {
        await this.#finish(pending.callId, pending.request, pending.socket, pending.outcome);
      } else if ((pending.failure as SocklabError | undefined)?.code !== ErrorCode.cancelled) {
        const message = pending.failure instanceof Error ? pending.failure.message : String(pending.failure);
        this.#emit({ type: 'error', code: ErrorCode.internal, message });
      }
      if (!this.#inFlight) this.onSettled();
    } finally {
      this.#wire.stopCollecting(pending.callId);
      pending.settle();
    }
  }

  // The local ends of the call's sockets are the lab's: their segments are kept (a shared network).
  #noteEndpoints(ids: readonly (string | null | undefined)[]): void {
    // In the run's own namespace every segment is the lab's: no getsockname() needed to say so.
    if (!this.#wire.exact) return;
    for (const id of ids) {
      if (typeof id === 'string') this.#wire.noteEndpoint(this.#lab.localAddress(id));
    }
  }

  async #finish(callId: number, request: CallRequest, socket: string | null, outcome: CallOutcome): Promise<void> {
    const { call, actor } = request;
    this.#noteEndpoints([socket, outcome.created]);
    // WIRE-1: the call's segments, and its peers' answers, may still be on their way through a busy kernel.
    const involved = [socket, outcome.created, ...[...this.#pending.values()].map((p) => p.socket)].filter(
      (id): id is string => typeof id === 'string',
    );
    await this.#inFlightSegments.settle(callId, involved, settleLimitMs);
    const whileBlocked = this.#wire.stopCollecting(callId);
    this.#emit({
      type: 'syscall.exit',
      callId,
      actor,
      syscall: call.syscall,
      socket,
      ret: outcome.ret,
      errno: outcome.errno,
      blocked: outcome.blocked,
      durationMs: Math.round(outcome.durationMs * 1000) / 1000,
      impl: outcome.impl,
      ...(outcome.created === undefined ? {} : { created: outcome.created }),
      ...(outcome.address === undefined ? {} : { address: outcome.address }),
      ...(outcome.soError === undefined ? {} : { soError: outcome.soError }),
    });
    const apiEvent: ApiEvent = {
      type: 'syscall.exit',
      syscall: call.syscall,
      ret: outcome.ret,
      errno: outcome.errno,
      ...(outcome.created === undefined ? {} : { created: outcome.created }),
      ...(call.syscall === 'shutdown' ? { args: { how: call.how } } : {}),
    };
    if (outcome.created !== undefined) {
      const role = call.syscall === 'accept' ? 'connection' : (request.creates?.role ?? 'client');
      this.sockets.track({ id: outcome.created, actor, role, name: request.creates?.name ?? null });
    }
    if (socket) {
      // A socket that listens is a listener, whatever its program first made it for (the playground's sockets).
      if (call.syscall === 'listen' && outcome.ret === 0) this.sockets.becomeListener(socket);
      this.sockets.record(socket, apiEvent);
    }
    if ((call.syscall === 'read' || call.syscall === 'write') && outcome.ret > 0 && socket) {
      const bytes = call.syscall === 'read' ? (outcome.data ?? Buffer.alloc(0)) : Buffer.from(call.data);
      const moved = bytes.subarray(0, outcome.ret);
      this.#emit({
        type: 'data',
        callId,
        actor,
        socket,
        direction: call.syscall === 'read' ? 'received' : 'sent',
        base64: moved.toString('base64'),
        text: bytesToText(moved),
      });
    }
    // A blocked call's socket is in flight too: its state moves on its own (SYN_SENT…).
    const observed = this.sockets.observe(involved);
    for (const o of observed.values()) this.#wire.watchPort(o.local?.port);
    // A bind to a port the program named scans it (another socket may hold it: SO_REUSEADDR, a
    // TIME_WAIT); a dump walks the kernel's whole hash tables (~0.5 ms per family, however few rows).
    // For bind() to port 0 the kernel chose a port free on this address: the socket's TCP_INFO says it all.
    const named = call.syscall === 'bind' && outcome.ret === 0 && call.port !== 0;
    const bound = named ? observed.get(socket ?? '')?.local?.port : undefined;
    const rows = this.#table.afterCall(callId, observed, bound ? [bound] : []);
    request.onExit?.({
      callId,
      request,
      socket,
      outcome,
      observed,
      rows,
      packets: this.#wire.takeFlags(callId),
      whileBlocked,
    });
  }
}

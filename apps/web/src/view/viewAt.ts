import { findLesson, type Lesson } from '@socklab/lessons';
import type { Address, Errno, EventOf, SocklabEvent, SyscallName, TcpState } from '@socklab/protocol';
import { addressKey, type EndpointEvent, type EndpointView, findEndpoint, trackEndpoints } from './endpoints.ts';
import { compareTables, type KernelTableView } from './kernelTable.ts';
import { type PacketView, type WireView, wireOf } from './wire.ts';

export type { EndpointView } from './endpoints.ts';
export type { KernelRowView, KernelTableView } from './kernelTable.ts';
export type { PacketView, WireGroup, WirePeer, WireView } from './wire.ts';

/** One socket as the latest `socket.state` described it, named after the C variable that holds it. */
export type SocketView = {
  id: string;
  fd: number;
  actor: string;
  role: 'listener' | 'client' | 'connection';
  api: string;
  tcp: TcpState | null;
  local: Address | null;
  remote: Address | null;
  recvQ: number | null;
  sendQ: number | null;
  acceptQueue: number | null;
  backlog: number | null;
  closed: boolean;
  /** The C variable of the actor's program that holds this fd (`server_socket`), when the lesson names it. */
  name: string | null;
  /** seq of the first and latest `socket.state` of this socket. */
  firstSeq: number;
  lastSeq: number;
};

/** Bytes moved by one read or write. */
export type DataView = {
  seq: number;
  callId: number;
  actor: string;
  socket: string;
  direction: 'sent' | 'received';
  /** Already escaped by the server (NUL as `\0`): render as text only. */
  text: string;
  bytes: number;
};

/** What a call returned. */
export type CallExit = {
  seq: number;
  t: number;
  ret: number;
  errno: Errno | null;
  durationMs: number;
  created: string | null;
  address: Address | null;
  /** The exact libc call made (`accept4(3, …, SOCK_NONBLOCK|SOCK_CLOEXEC)`). */
  impl: string;
};

/** One system call: its enter, an optional block, and its exit once it returned. */
export type CallView = {
  callId: number;
  actor: string;
  syscall: SyscallName;
  socket: string | null;
  args: Record<string, string | number | boolean | null>;
  /** The lesson step that made the call (it may return during a later step). */
  step: number | null;
  enterSeq: number;
  enterT: number;
  blocked: boolean;
  waitingFor: 'readable' | 'writable' | null;
  exit: CallExit | null;
  /** The `SOCKLAB_ERR_*` code of an error that ended the call before it returned (refused, cancelled). */
  refused: string | null;
  data: DataView[];
  packets: PacketView[];
};

/** A `lesson.step` event: which actor runs which step. */
export type StepView = { seq: number; index: number; actor: string; syscall: SyscallName };

/** The lesson's expectation against the kernel's answer for one step. */
export type CheckView = { seq: number; index: number; ok: boolean; expected: string; actual: string };

/** Where an actor's program is: its latest step and that step's source line. */
export type ActorPosition = { step: number; line: number | null };

/** Everything the UI shows, derived from the event log at a cursor. */
export type LabView = {
  hello: EventOf<'session.hello'> | null;
  lesson: { id: string; port: number; steps: number; seq: number } | null;
  /** The lesson's static data (programs, narration), when this build knows the lesson. */
  lessonDef: Lesson | null;
  /** The port to print in the programs: the lesson's, or the one the kernel chose when the lesson asked for 0. */
  port: number | null;
  sockets: SocketView[];
  calls: CallView[];
  /** Calls entered and not yet returned, by actor. */
  inCall: Record<string, CallView>;
  /** Calls that would block and have not returned, by actor. */
  blocked: Record<string, CallView>;
  steps: StepView[];
  current: StepView | null;
  byActor: Record<string, ActorPosition>;
  stdout: Record<string, string>;
  data: DataView[];
  packets: PacketView[];
  /** The packets as a sequence diagram between the ends of each connection. */
  wire: WireView;
  kernelTable: KernelTableView | null;
  /** Every TCP endpoint the kernel reported, with the states it went through. */
  endpoints: EndpointView[];
  /** The endpoint of the current step's socket (the socket it created, else the one it used). */
  focus: string | null;
  /** A listener in LISTEN at the cursor: where another program can connect. */
  listening: Address | null;
  checks: CheckView[];
  mismatches: CheckView[];
  /** The next step to run (`null`: all ran); `undefined` until the server said it is ready. */
  next: number | null | undefined;
  /** The server finished the latest step (a `lesson.ready` came after the latest `lesson.step`). */
  ready: boolean;
  ended: { ok: boolean; mismatches: number; seq: number } | null;
  errors: EventOf<'error'>[];
  /** seq of the latest event at the cursor, -1 for none. */
  lastSeq: number;
};

const emptyView = (): LabView => ({
  hello: null,
  lesson: null,
  lessonDef: null,
  port: null,
  sockets: [],
  calls: [],
  inCall: {},
  blocked: {},
  steps: [],
  current: null,
  byActor: {},
  stdout: {},
  data: [],
  packets: [],
  wire: { peers: [], groups: [] },
  kernelTable: null,
  endpoints: [],
  focus: null,
  listening: null,
  checks: [],
  mismatches: [],
  next: undefined,
  ready: false,
  ended: null,
  errors: [],
  lastSeq: -1,
});

/** The byte length of base64 text, without decoding it. */
export function base64Length(base64: string): number {
  const clean = base64.replace(/[^A-Za-z0-9+/=_-]/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
}

function stepName(lesson: Lesson | null, index: number | null, key: 'as' | 'socket'): string | null {
  if (lesson === null || index === null) return null;
  const call = lesson.steps[index]?.call as Record<string, unknown> | undefined;
  const value = call?.[key];
  return typeof value === 'string' ? value : null;
}

/**
 * The lab as it was after the first `cursor` events of `log` (`cursor` is clamped
 * to `0..log.length`), counting from the latest `lesson.start` at or before it.
 * Pure: the same log and cursor always give the same view.
 *
 * @example
 * const view = viewAt(log, log.length); // live: the head of the log
 * view.blocked.server?.syscall // 'accept' while the server waits for a client
 */
export function viewAt(log: readonly SocklabEvent[], cursor: number): LabView {
  const end = Math.max(0, Math.min(cursor, log.length));
  const view = emptyView();
  // Only the latest session (from its hello) and, within it, the latest lesson count.
  let startIndex = -1;
  let helloIndex = -1;
  for (let i = end - 1; i >= 0; i--) {
    const event = log[i]!;
    if (startIndex < 0 && event.type === 'lesson.start') startIndex = i;
    if (event.type === 'session.hello') {
      helloIndex = i;
      break;
    }
  }
  const fromIndex = startIndex >= 0 ? startIndex : Math.max(helloIndex, 0);
  if (helloIndex >= 0) view.hello = log[helloIndex] as EventOf<'session.hello'>;

  const sockets = new Map<string, SocketView>();
  const names = new Map<string, string>();
  const calls = new Map<number, CallView>();
  let currentIndex: number | null = null;
  // A closed socket has no address any more: remember the port the kernel gave the listener.
  let listenerPort: number | null = null;
  const endpointEvents: EndpointEvent[] = [];
  const tables: EventOf<'kernel.table'>[] = [];
  const actors = new Map<string, string>();
  const listeners = new Set<string>();
  const outside = new Set<string>();

  for (let i = fromIndex; i < end; i++) {
    const event = log[i]!;
    view.lastSeq = event.seq;
    switch (event.type) {
      case 'session.hello':
        view.hello = event;
        break;
      case 'lesson.start':
        view.lesson = { id: event.lesson, port: event.params.port, steps: event.steps, seq: event.seq };
        view.lessonDef = findLesson(event.lesson) ?? null;
        break;
      case 'lesson.step': {
        const step: StepView = { seq: event.seq, index: event.index, actor: event.actor, syscall: event.syscall };
        view.steps.push(step);
        view.current = step;
        currentIndex = event.index;
        const line = view.lessonDef?.steps[event.index]?.line ?? null;
        view.byActor[event.actor] = { step: event.index, line };
        view.ready = false;
        break;
      }
      case 'lesson.check': {
        const check: CheckView = {
          seq: event.seq,
          index: event.index,
          ok: event.ok,
          expected: event.expected,
          actual: event.actual,
        };
        view.checks.push(check);
        if (!event.ok) view.mismatches.push(check);
        break;
      }
      case 'lesson.ready':
        view.next = event.next;
        view.ready = true;
        break;
      case 'lesson.end':
        view.ended = { ok: event.ok, mismatches: event.mismatches, seq: event.seq };
        break;
      case 'stdout':
        view.stdout[event.actor] = (view.stdout[event.actor] ?? '') + event.text;
        break;
      case 'syscall.enter': {
        const step = event.step ?? currentIndex;
        const call: CallView = {
          callId: event.callId,
          actor: event.actor,
          syscall: event.syscall,
          socket: event.socket,
          args: event.args,
          step,
          enterSeq: event.seq,
          enterT: event.t,
          blocked: false,
          waitingFor: null,
          exit: null,
          refused: null,
          data: [],
          packets: [],
        };
        calls.set(event.callId, call);
        view.inCall[event.actor] = call;
        const name = stepName(view.lessonDef, step, 'socket');
        if (event.socket !== null && name !== null && !names.has(event.socket)) names.set(event.socket, name);
        break;
      }
      case 'syscall.block': {
        const call = calls.get(event.callId);
        if (call === undefined) break;
        call.blocked = true;
        call.waitingFor = event.waitingFor;
        view.blocked[call.actor] = call;
        break;
      }
      case 'syscall.exit': {
        const call = calls.get(event.callId);
        if (call === undefined) break;
        call.blocked = call.blocked || event.blocked;
        call.exit = {
          seq: event.seq,
          t: event.t,
          ret: event.ret,
          errno: event.errno,
          durationMs: event.durationMs,
          created: event.created ?? null,
          address: event.address ?? null,
          impl: event.impl,
        };
        if (view.inCall[call.actor] === call) delete view.inCall[call.actor];
        if (view.blocked[call.actor] === call) delete view.blocked[call.actor];
        const name = stepName(view.lessonDef, call.step, 'as');
        if (event.created !== undefined && name !== null) names.set(event.created, name);
        break;
      }
      case 'socket.state': {
        const previous = sockets.get(event.socket);
        if (event.role === 'listener' && event.local !== null && event.local.port !== 0)
          listenerPort = event.local.port;
        if (event.local !== null && event.local.port !== 0) {
          actors.set(addressKey(event.local), event.actor);
          if (event.role === 'listener') listeners.add(addressKey(event.local));
        }
        endpointEvents.push(event);
        sockets.set(event.socket, {
          id: event.socket,
          fd: event.fd,
          actor: event.actor,
          role: event.role,
          api: event.api,
          tcp: event.tcp,
          local: event.local,
          remote: event.remote,
          recvQ: event.recvQ,
          sendQ: event.sendQ,
          acceptQueue: event.acceptQueue,
          backlog: event.backlog,
          closed: event.closed,
          name: null,
          firstSeq: previous?.firstSeq ?? event.seq,
          lastSeq: event.seq,
        });
        break;
      }
      case 'data': {
        const data: DataView = {
          seq: event.seq,
          callId: event.callId,
          actor: event.actor,
          socket: event.socket,
          direction: event.direction,
          text: event.text,
          bytes: base64Length(event.base64),
        };
        view.data.push(data);
        calls.get(event.callId)?.data.push(data);
        break;
      }
      case 'packet': {
        const { type: _type, payloadBase64: _payload, ...packet } = event;
        view.packets.push(packet);
        endpointEvents.push(event);
        if (event.callId !== null) calls.get(event.callId)?.packets.push(packet);
        break;
      }
      case 'kernel.table':
        tables.push(event);
        endpointEvents.push(event);
        for (const row of event.rows) if (row.owner === 'outside') outside.add(addressKey(row.local));
        break;
      case 'error':
        view.errors.push(event);
        // The server answers one command at a time: an error while a call runs (not blocked) ended that call.
        for (const [actor, call] of Object.entries(view.inCall)) {
          if (call.blocked) continue;
          call.refused = event.code;
          delete view.inCall[actor];
        }
        break;
      default: {
        const unknown: never = event;
        throw new Error(`viewAt: unhandled event ${JSON.stringify(unknown)}`);
      }
    }
  }

  view.calls = [...calls.values()];
  view.sockets = [...sockets.values()].map((socket) => ({ ...socket, name: names.get(socket.id) ?? null }));
  if (view.lesson !== null) view.port = view.lesson.port !== 0 ? view.lesson.port : (listenerPort ?? 0);

  const tracking = trackEndpoints(endpointEvents);
  view.endpoints = tracking.endpoints;
  const latest = tables.at(-1);
  if (latest !== undefined) {
    const fdOf = (id: string) => sockets.get(id)?.fd ?? null;
    const rows = { rows: tracking.rowEndpoints, previousRows: tracking.previousRowEndpoints };
    // Changes are shown against the table from before the last call: the
    // server re-reads the table between calls while timers run (callId null),
    // and those readings only move the timers on.
    const lastCall = tables.findLastIndex((t) => t.callId !== null);
    const previous = lastCall > 0 ? (tables[lastCall - 1] ?? null) : lastCall < 0 ? (tables.at(-2) ?? null) : null;
    view.kernelTable = compareTables(latest, previous, rows, fdOf);
  }
  const actorOrder = view.lessonDef?.programs.map((p) => p.actor) ?? [];
  view.wire = wireOf(view.packets, { actors, listeners, outside, calls: view.calls, actorOrder });
  if (view.current !== null) {
    const index = view.current.index;
    const call = view.calls.findLast((c) => c.step === index);
    const socket = call?.exit?.created ?? call?.socket ?? null;
    view.focus = findEndpoint(view.endpoints, socket)?.key ?? null;
  }
  const listener = view.sockets.find((s) => s.role === 'listener' && s.tcp === 'LISTEN' && s.local !== null);
  view.listening = listener?.local ?? null;
  return view;
}

/** The sockets one actor holds, in the order they appeared. */
export function socketsOf(view: LabView, actor: string): SocketView[] {
  return view.sockets.filter((socket) => socket.actor === actor);
}

/**
 * The endpoint the state diagram follows: the one the user selected, else the
 * current step's socket, else the lab's latest one; null before any socket.
 */
export function shownEndpoint(view: LabView, selected: string | null): EndpointView | null {
  return (
    findEndpoint(view.endpoints, selected) ??
    findEndpoint(view.endpoints, view.focus) ??
    view.endpoints.findLast((e) => e.owner === 'lab') ??
    null
  );
}

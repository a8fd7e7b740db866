import type { Address, EventOf, SocklabEvent, SyscallName } from '@socklab/protocol';
import type { LoadState } from '../load/loadFold.ts';
import { type BytesView, type CallView, latestCallOfStep } from './calls.ts';
import { type EndpointView, findEndpoint } from './endpoints.ts';
import type { KernelTableView } from './kernelTable.ts';
import { emptyFold, foldEvent, type LabFold } from './labFold.ts';
import { emptyProgress, foldLesson, isLessonEvent, type LessonProgress } from './lessonProgress.ts';
import type { OutputState } from './output.ts';
import { emptySession, foldSession, rangeStart, type SessionState } from './session.ts';
import { type SocketView, socketList } from './sockets.ts';
import { kernelOf } from './tables.ts';
import type { PacketView, WireView } from './wire.ts';

export type { BytesView, CallExit, CallView } from './calls.ts';
export { base64Length } from './calls.ts';
export type { EndpointView } from './endpoints.ts';
export type { KernelRowView, KernelTableView } from './kernelTable.ts';
export type { ActorPosition, CheckView, StepView } from './lessonProgress.ts';
export type { OutputChunk, OutputState } from './output.ts';
export type { SocketView } from './sockets.ts';
export type { PacketView, WireGroup, WirePeer, WireView } from './wire.ts';

/** What the controls need about a moment of the log: the session, the lesson's progress, the errors. */
export type LabHead = SessionState &
  Pick<LessonProgress, 'lesson' | 'lessonDef' | 'port' | 'next' | 'ready' | 'ended'> & {
    /** seq of the latest event, -1 for none. */
    lastSeq: number;
    /** The call each blocked actor is blocked in. */
    blockedActors: Readonly<Record<string, SyscallName>>;
  };

/** Everything the UI shows, derived from the event log at a cursor. */
export type LabView = SessionState &
  LessonProgress & {
    sockets: SocketView[];
    calls: CallView[];
    /** Calls entered and not yet returned, by actor. */
    inCall: Record<string, CallView>;
    /** The call each blocked actor is blocked in (as in `LabHead`). */
    blockedActors: Readonly<Record<string, SyscallName>>;
    /** Calls that would block and have not returned, by actor. */
    blocked: Record<string, CallView>;
    /** What each program printed (`output` events), by actor. */
    output: OutputState;
    data: BytesView[];
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
    /** The load lesson's samples and tally (`load.sample`, `load.tally`). */
    load: LoadState;
    /** seq of the latest event at the cursor, -1 for none. */
    lastSeq: number;
  };

/**
 * The head of the lab after the first `cursor` events: the session, the
 * lesson's progress and the errors, without calls, sockets or the kernel, so
 * the controls can follow the head cheaply while the view shows an earlier moment.
 *
 * @example
 * const head = headAt(log, log.length);
 * head.ready && typeof head.next === 'number' // the server waits for the next step
 */
export function headAt(log: readonly SocklabEvent[], cursor: number): LabHead {
  const end = Math.max(0, Math.min(cursor, log.length));
  const { from, hello } = rangeStart(log, end);
  const session = emptySession();
  const progress = emptyProgress();
  if (hello >= 0 && hello < from) foldSession(session, log[hello] as EventOf<'session.hello'>);
  let lastSeq = -1;
  const blockedActors: Record<string, SyscallName> = {};
  const blockedCalls = new Map<number, string>();
  for (let i = from; i < end; i++) {
    const event = log[i]!;
    lastSeq = event.seq;
    if (event.type === 'session.hello' || event.type === 'error') foldSession(session, event);
    else if (isLessonEvent(event)) foldLesson(progress, event);
    else if (event.type === 'syscall.block') {
      blockedActors[event.actor] = event.syscall;
      blockedCalls.set(event.callId, event.actor);
    } else if (event.type === 'syscall.exit' && blockedCalls.has(event.callId)) {
      delete blockedActors[event.actor];
      blockedCalls.delete(event.callId);
    }
  }
  const { lesson, lessonDef, port, next, ready, ended } = progress;
  return { ...session, lesson, lessonDef, port, next, ready, ended, lastSeq, blockedActors };
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
  const { from, hello } = rangeStart(log, end);
  const fold = emptyFold();
  if (hello >= 0 && hello < from) foldSession(fold.session, log[hello] as EventOf<'session.hello'>);
  for (let i = from; i < end; i++) foldEvent(fold, log[i]!);
  return viewOf(fold);
}

/**
 * The view of a fold (see `LabFold`). The view shares the fold's lists: fold
 * no further into a fold whose view is in use.
 */
export function viewOf(fold: LabFold): LabView {
  const { session, progress, calls, sockets, tables, output, load, lastSeq } = fold;
  if (calls.lent !== null) throw new Error(`viewOf: the fold at seq ${lastSeq} is a snapshot (copyFold it first)`);
  // Each piece is derived again only when what it is made of changed (see `socketList`, `kernelOf`, `WireTracker`).
  const { list, listening } = socketList(sockets);
  const { endpoints, kernelTable } = kernelOf(tables, (id) => sockets.byId.get(id)?.fd ?? null, sockets.fdVersion);
  const wire = calls.wire.view({
    actors: sockets.actors,
    listeners: sockets.listeners,
    outside: tables.outside,
    actorOrder: actorOrderOf(progress),
    ownersKey: sockets.ownersVersion,
  });
  let focus: string | null = null;
  if (progress.current !== null) {
    const call = latestCallOfStep(calls, progress.current.index);
    focus = findEndpoint(endpoints, call?.exit?.created ?? call?.socket ?? null)?.key ?? null;
  }
  // Named one by one: V8 spreads two objects into a literal this size in tens of microseconds.
  return {
    hello: session.hello,
    errors: session.errors,
    lesson: progress.lesson,
    lessonDef: progress.lessonDef,
    port: progress.port,
    steps: progress.steps,
    current: progress.current,
    byActor: progress.byActor,
    checks: progress.checks,
    mismatches: progress.mismatches,
    next: progress.next,
    ready: progress.ready,
    ended: progress.ended,
    network: progress.network,
    moved: progress.moved,
    waiting: progress.waiting,
    outside: progress.outside,
    sockets: list,
    load,
    calls: calls.calls,
    inCall: calls.inCall,
    blocked: calls.blocked,
    blockedActors: Object.fromEntries(Object.entries(calls.blocked).map(([actor, call]) => [actor, call.syscall])),
    output,
    data: calls.data,
    packets: calls.packets,
    wire,
    kernelTable,
    endpoints,
    focus,
    listening,
    lastSeq,
  };
}

// The lanes' order of a lesson, made once per lesson definition.
const actorOrders = new WeakMap<object, readonly string[]>();
const noActors: readonly string[] = [];
function actorOrderOf(progress: LessonProgress): readonly string[] {
  const def = progress.lessonDef;
  if (def === null || def === undefined) return noActors;
  let order = actorOrders.get(def);
  if (order === undefined) {
    order = def.programs.map((p) => p.actor);
    actorOrders.set(def, order);
  }
  return order;
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

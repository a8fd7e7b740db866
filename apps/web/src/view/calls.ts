import type { Address, CallArgs, Errno, EventOf, SyscallName } from '@socklab/protocol';
import { type Loan, lend, repaid, replaceLent } from './loans.ts';
import { type PacketView, WireTracker } from './wire.ts';

/** Bytes moved by one read or write. */
export type BytesView = {
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
  /** The call and its arguments as the kernel got them (render with protocol's `showCall`). */
  call: CallArgs;
  /** The lesson step that made the call (it may return during a later step). */
  step: number | null;
  enterSeq: number;
  enterT: number;
  blocked: boolean;
  waitingFor: 'readable' | 'writable' | null;
  exit: CallExit | null;
  /** The `SOCKLAB_ERR_*` code of an error that ended the call before it returned (refused, cancelled). */
  refused: string | null;
  data: BytesView[];
  packets: PacketView[];
};

/** The calls, and the bytes and packets they moved. */
export type CallsState = {
  calls: CallView[];
  /**
   * callId → the index in `calls` of its latest call. Shared by the copies of a
   * fold, which all follow the same log: an index past `calls.length` is a call
   * entered later than this fold's cursor.
   */
  index: Map<number, number>;
  /** Lesson step → the index in `calls` of the latest call it made (not shared: copied with the state). */
  byStep: Map<number, number>;
  /** The calls this state may change in place: any other is shared with a copy, and is copied before it changes. */
  owned: Set<CallView>;
  /** Calls entered and not yet returned, by actor. */
  inCall: Record<string, CallView>;
  /** Calls that would block and have not returned, by actor. */
  blocked: Record<string, CallView>;
  data: BytesView[];
  packets: PacketView[];
  /** The packets laid out by call, as they come (see `wireOf`). */
  wire: WireTracker;
  /**
   * Set on a snapshot (`snapshotCalls`): its lists are the first items of the
   * lists of the state it was taken from, read through these loans; it is
   * never folded into, only copied (`copyCalls`).
   */
  lent: { calls: Loan<CallView>; data: number; packets: number } | null;
  /** The loans of `calls` this state made to its snapshots, by length. */
  loans: Loan<CallView>[];
};

export type CallEvent = EventOf<'syscall.enter' | 'syscall.block' | 'syscall.exit' | 'data' | 'packet' | 'error'>;

export const emptyCalls = (): CallsState => ({
  calls: [],
  index: new Map(),
  byStep: new Map(),
  owned: new Set(),
  inCall: {},
  blocked: {},
  data: [],
  packets: [],
  wire: new WireTracker(),
  lent: null,
  loans: [],
});

/**
 * A copy to fold on from, with lists of its own (a snapshot's are read through
 * its loans). It costs the lists, not the calls: from now on both share every
 * call, and each copies a call before it changes it (`foldCalls` changes a
 * call when it blocks, returns or moves bytes).
 */
export function copyCalls(state: CallsState): CallsState {
  const { lent } = state;
  state.owned = new Set();
  return {
    calls: lent === null ? [...state.calls] : repaid(state.calls, lent.calls),
    index: state.index,
    byStep: new Map(state.byStep),
    owned: new Set(),
    inCall: { ...state.inCall },
    blocked: { ...state.blocked },
    data: state.data.slice(0, lent?.data ?? state.data.length),
    packets: state.packets.slice(0, lent?.packets ?? state.packets.length),
    wire: state.wire.copy(),
    lent: null,
    loans: [],
  };
}

/**
 * A snapshot of `state` as it is now, for `copyCalls` to go on from later. It
 * copies none of the lists: `state` goes on appending to them, and keeps for
 * the snapshot each call it replaces (see `Loan`), so a snapshot of a long run
 * costs what changed after it, not the run.
 */
export function snapshotCalls(state: CallsState): CallsState {
  if (state.lent !== null) throw new Error('snapshotCalls: the state is a snapshot itself');
  // From now on the snapshot sees every call there is: each is copied before it changes.
  state.owned = new Set();
  return {
    calls: state.calls,
    index: state.index,
    byStep: new Map(state.byStep),
    owned: new Set(),
    inCall: { ...state.inCall },
    blocked: { ...state.blocked },
    data: state.data,
    packets: state.packets,
    wire: state.wire.snapshot(),
    lent: { calls: lend(state.calls, state.loans), data: state.data.length, packets: state.packets.length },
    loans: [],
  };
}

/** The call `callId` of this state, copied first if it is shared, so that it may be changed. */
function writableCall(state: CallsState, callId: number): CallView | undefined {
  let i = state.index.get(callId);
  if (i === undefined) return undefined;
  // Its latest call is past this state's cursor (a callId entered again): this state's latest is before it.
  if (i >= state.calls.length || state.calls[i]!.callId !== callId)
    i = state.calls.findLastIndex((c) => c.callId === callId);
  const call = state.calls[i];
  if (call === undefined || state.owned.has(call)) return call;
  const copy = { ...call, data: [...call.data], packets: [...call.packets] };
  replaceLent(state.calls, state.loans, i, copy);
  state.owned.add(copy);
  for (const byActor of [state.inCall, state.blocked]) if (byActor[call.actor] === call) byActor[call.actor] = copy;
  return copy;
}

/** The latest call lesson step `step` made, if any (as `calls.findLast((c) => c.step === step)`). */
export function latestCallOfStep(state: CallsState, step: number): CallView | undefined {
  const i = state.byStep.get(step);
  return i === undefined ? undefined : state.calls[i];
}

/** The byte length of base64 text, without decoding it. */
export function base64Length(base64: string): number {
  const clean = base64.replace(/[^A-Za-z0-9+/=_-]/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
}

/** Folds one event into the calls; `currentStep` is the lesson step running, for a call that does not name its own. */
export function foldCalls(state: CallsState, event: CallEvent, currentStep: number | null): void {
  if (state.lent !== null) throw new Error(`foldCalls: seq ${event.seq} folded into a snapshot (copy it first)`);
  switch (event.type) {
    case 'syscall.enter': {
      const call: CallView = {
        callId: event.callId,
        actor: event.actor,
        syscall: event.call.syscall,
        socket: event.socket,
        call: event.call,
        step: event.step ?? currentStep,
        enterSeq: event.seq,
        enterT: event.t,
        blocked: false,
        waitingFor: null,
        exit: null,
        refused: null,
        data: [],
        packets: [],
      };
      state.calls.push(call);
      state.owned.add(call);
      state.index.set(event.callId, state.calls.length - 1);
      if (call.step !== null) state.byStep.set(call.step, state.calls.length - 1);
      state.inCall[event.actor] = call;
      state.wire.addCall(call);
      break;
    }
    case 'syscall.block': {
      const call = writableCall(state, event.callId);
      if (call === undefined) break;
      call.blocked = true;
      call.waitingFor = event.waitingFor;
      state.blocked[call.actor] = call;
      break;
    }
    case 'syscall.exit': {
      const call = writableCall(state, event.callId);
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
      if (state.inCall[call.actor] === call) delete state.inCall[call.actor];
      if (state.blocked[call.actor] === call) delete state.blocked[call.actor];
      break;
    }
    case 'data': {
      const data: BytesView = {
        seq: event.seq,
        callId: event.callId,
        actor: event.actor,
        socket: event.socket,
        direction: event.direction,
        text: event.text,
        bytes: base64Length(event.base64),
      };
      state.data.push(data);
      writableCall(state, event.callId)?.data.push(data);
      break;
    }
    case 'packet': {
      const { type: _type, payloadBase64: _payload, frame: _frame, ...packet } = event;
      state.packets.push(packet);
      state.wire.addPacket(packet);
      if (event.callId !== null) writableCall(state, event.callId)?.packets.push(packet);
      break;
    }
    case 'error':
      // The server answers one command at a time: an error while a call runs (not blocked) ended that call.
      for (const [actor, call] of Object.entries(state.inCall)) {
        if (call.blocked) continue;
        const writable = writableCall(state, call.callId) ?? call;
        writable.refused = event.code;
        delete state.inCall[actor];
      }
      break;
    default: {
      const unknown: never = event;
      throw new Error(`foldCalls: unhandled event ${JSON.stringify(unknown)}`);
    }
  }
}

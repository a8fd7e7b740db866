import type { SocklabEvent } from '@socklab/protocol';
import { copyLoad, emptyLoad, foldLoad, type LoadState } from '../load/loadFold.ts';
import { type CallsState, copyCalls, emptyCalls, foldCalls, snapshotCalls } from './calls.ts';
import { copyProgress, emptyProgress, foldLesson, type LessonProgress } from './lessonProgress.ts';
import { copyOutput, foldOutput, type OutputState } from './output.ts';
import { copySession, emptySession, foldSession, type SessionState } from './session.ts';
import { copySockets, emptySockets, foldSockets, type SocketsState } from './sockets.ts';
import { copyTables, emptyTables, foldTables, type TablesState } from './tables.ts';

/** What `viewAt` folds the log into, one concern per part, before it derives the view. */
export type LabFold = {
  session: SessionState;
  progress: LessonProgress;
  calls: CallsState;
  sockets: SocketsState;
  tables: TablesState;
  output: OutputState;
  /** The load lesson's samples and tally. */
  load: LoadState;
  /** seq of the latest event folded, -1 for none. */
  lastSeq: number;
};

export const emptyFold = (): LabFold => ({
  session: emptySession(),
  progress: emptyProgress(),
  calls: emptyCalls(),
  sockets: emptySockets(),
  tables: emptyTables(),
  output: {},
  load: emptyLoad(),
  lastSeq: -1,
});

// The parts of a fold other than its calls, copied: each costs what is not a list of the whole run.
const copyParts = (fold: LabFold): Omit<LabFold, 'calls'> => ({
  session: copySession(fold.session),
  progress: copyProgress(fold.progress),
  sockets: copySockets(fold.sockets),
  tables: copyTables(fold.tables),
  output: copyOutput(fold.output),
  load: copyLoad(fold.load),
  lastSeq: fold.lastSeq,
});

/** A copy to fold on from (of a fold, or of a snapshot) that folding on does not change. */
export const copyFold = (fold: LabFold): LabFold => ({ ...copyParts(fold), calls: copyCalls(fold.calls) });

/**
 * A snapshot of `fold` as it is now, read only through `copyFold`: it shares
 * the fold's lists of the whole run (calls, bytes, packets, wire groups), which
 * the fold goes on appending to (see `snapshotCalls`).
 */
export const snapshotOf = (fold: LabFold): LabFold => ({ ...copyParts(fold), calls: snapshotCalls(fold.calls) });

/** Folds one event into every concern it touches. */
export function foldEvent(fold: LabFold, event: SocklabEvent): void {
  const { session, progress, calls, sockets, tables, output } = fold;
  fold.lastSeq = event.seq;
  switch (event.type) {
    case 'session.hello':
      foldSession(session, event);
      break;
    case 'error':
      foldSession(session, event);
      foldCalls(calls, event, progress.current?.index ?? null);
      break;
    case 'lesson.start':
    case 'lesson.port':
    case 'lesson.wait':
    case 'lesson.outside':
    case 'lesson.step':
    case 'lesson.check':
    case 'lesson.ready':
    case 'lesson.end':
      foldLesson(progress, event);
      break;
    case 'output':
      foldOutput(output, event);
      break;
    case 'syscall.enter':
    case 'syscall.block':
    case 'syscall.exit':
    case 'data':
      foldCalls(calls, event, progress.current?.index ?? null);
      break;
    case 'packet':
      foldCalls(calls, event, null);
      foldTables(tables, event);
      break;
    case 'socket.state':
      foldSockets(sockets, event);
      foldTables(tables, event);
      break;
    case 'kernel.table':
    case 'kernel.changes':
      foldTables(tables, event);
      break;
    case 'marker':
      // A note changes nothing the kernel showed; the scrubber lists it (`markersOf`).
      break;
    case 'load.sample':
    case 'load.tally':
      foldLoad(fold.load, event);
      break;
    default: {
      const unknown: never = event;
      throw new Error(`foldEvent: unhandled event ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * The fold after one more event, as `viewAt` counts: a `session.hello` starts
 * over, and a `lesson.start` starts over keeping only the session's hello
 * (see `rangeStart`). Returns `fold` itself unless it started over.
 */
export function advanceFold(fold: LabFold, event: SocklabEvent): LabFold {
  let next = fold;
  if (event.type === 'session.hello') next = emptyFold();
  else if (event.type === 'lesson.start') {
    next = emptyFold();
    if (fold.session.hello !== null) foldSession(next.session, fold.session.hello);
  }
  foldEvent(next, event);
  return next;
}

import { acceptAddress } from './acceptAddress/lesson.ts';
import { addrInUse } from './addrInUse/lesson.ts';
import { autoBind } from './autoBind/lesson.ts';
import { backlog } from './backlog/lesson.ts';
import { echo } from './echo/lesson.ts';
import { epipe } from './epipe/lesson.ts';
import { halfClose } from './halfClose/lesson.ts';
import { handshake } from './handshake/lesson.ts';
import { hello } from './hello/lesson.ts';
import { multiClient } from './multiClient/lesson.ts';
import { nonblocking } from './nonblocking/lesson.ts';
import { refused } from './refused/lesson.ts';
import { reset } from './reset/lesson.ts';
import { seedPitfalls } from './seedPitfalls/lesson.ts';
import { stream } from './stream/lesson.ts';
import { timeWait } from './timeWait/lesson.ts';
import type { Lesson } from './types.ts';

/** Every lesson, in the order the picker shows them (chapter by chapter). */
export const lessons: readonly Lesson[] = [
  hello,
  echo,
  handshake,
  backlog,
  timeWait,
  autoBind,
  acceptAddress,
  refused,
  addrInUse,
  reset,
  epipe,
  stream,
  halfClose,
  multiClient,
  nonblocking,
  seedPitfalls,
];

/**
 * Looks a lesson up by id.
 *
 * @example
 * findLesson('hello')?.steps.length // 11
 */
export function findLesson(id: string): Lesson | undefined {
  return lessons.find((lesson) => lesson.id === id);
}

export { addrInUse, addrInUseClient, restartServer, reuseServerFirst, reuseServerSecond } from './addrInUse/lesson.ts';
export { autoBind, autoBindClient, autoBindServer } from './autoBind/lesson.ts';
export { backlog, backlogClients, backlogServer } from './backlog/lesson.ts';
export {
  acceptsOne,
  clientConnects,
  clientsConnect,
  closes,
  closesBoth,
  type Part,
  serverSetup,
} from './builders.ts';
export {
  type At,
  asksAddress,
  asksError,
  binds,
  type CallOptions,
  connects,
  handshakePackets,
  held,
  listens,
  makesNonblocking,
  nth,
  ok,
  opens,
  orphan,
  pshAck,
  type ReadBuffer,
  reads,
  setsOption,
  shutsDown,
  step,
  writes,
} from './calls.ts';
export {
  nulCorrection,
  readTerminatorCorrection,
  seedCorrections,
  seedPitfallCorrections,
} from './corrections/corrections.ts';
export { builderTexts, defineLesson, type LessonText, type StepDraft, seedPort, textOf } from './defineLesson.ts';
export { echo, echoClient, echoMessage, echoServer } from './echo/lesson.ts';
export { epipe, hangUpServer, stubbornClient } from './epipe/lesson.ts';
export { failureOutput } from './failureOutput.ts';
export { halfClose, halfCloseClient, halfCloseServer, question } from './halfClose/lesson.ts';
export { handshake, handshakeClient, handshakeServer } from './handshake/lesson.ts';
export { cHeaders, hello, helloClient, helloServer } from './hello/lesson.ts';
export { type LoadLesson, type LoadNarrationKey, loadLesson } from './load/lesson.ts';
export { multiClient, multiClients, multiServer } from './multiClient/lesson.ts';
export { nonblocking, nonblockingClient, nonblockingServer } from './nonblocking/lesson.ts';
export { defineProgram, lineOf, runBy } from './program.ts';
export { boundServer, refused, refusedClient } from './refused/lesson.ts';
export { askingClient, lingerClient, reset, resetServer } from './reset/lesson.ts';
export { pitfallClient, pitfallServer, seedPitfalls } from './seedPitfalls/lesson.ts';
export { koreanMessage, longMessage, stream, streamClient, streamServer } from './stream/lesson.ts';
export { timeWait, timeWaitCaller, timeWaitListener, timeWaitServer } from './timeWait/lesson.ts';
export type {
  BlockedExpectation,
  Correction,
  Expectation,
  FailureOutput,
  Lang,
  Lesson,
  PortRef,
  Program,
  Step,
  StepCall,
  TableRowExpectation,
  Text,
  WriteData,
} from './types.ts';
export { languages } from './types.ts';
export { manUrl, rfcUrl, type Why, whyOf } from './why.ts';

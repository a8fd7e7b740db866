import { addrInUse } from './addrInUse.ts';
import { autoBind } from './autoBind.ts';
import { backlog } from './backlog.ts';
import { echo } from './echo.ts';
import { epipe } from './epipe.ts';
import { halfClose } from './halfClose.ts';
import { handshake } from './handshake.ts';
import { hello } from './hello.ts';
import { multiClient } from './multiClient.ts';
import { nonblocking } from './nonblocking.ts';
import { refused } from './refused.ts';
import { reset } from './reset.ts';
import { seedPitfalls } from './seedPitfalls.ts';
import { stream } from './stream.ts';
import { timeWait } from './timeWait.ts';
import type { Lesson } from './types.ts';

/** Every lesson, in the order the picker shows them (chapter by chapter). */
export const lessons: readonly Lesson[] = [
  hello,
  echo,
  handshake,
  backlog,
  timeWait,
  autoBind,
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

export { addrInUse, addrInUseClient, restartServer, reuseServerFirst, reuseServerSecond } from './addrInUse.ts';
export { autoBind, autoBindClient, autoBindServer } from './autoBind.ts';
export { backlog, backlogClients, backlogServer } from './backlog.ts';
export { echo, echoMessage } from './echo.ts';
export { epipe, hangUpServer, stubbornClient } from './epipe.ts';
export { halfClose, halfCloseClient, halfCloseServer, question } from './halfClose.ts';
export { handshake, handshakeClient, handshakeServer } from './handshake.ts';
export { hello } from './hello.ts';
export { multiClient, multiClients, multiServer } from './multiClient.ts';
export { nonblocking, nonblockingClient, nonblockingServer } from './nonblocking.ts';
export {
  cHeaders,
  echoClient,
  echoServer,
  helloClient,
  helloServer,
  lineOf,
  nulCorrection,
  readTerminatorCorrection,
  seedCorrections,
  seedPitfallCorrections,
} from './programs.ts';
export { boundServer, refused, refusedClient } from './refused.ts';
export { askingClient, lingerClient, reset, resetServer } from './reset.ts';
export { pitfallClient, pitfallServer, seedPitfalls } from './seedPitfalls.ts';
export { koreanMessage, longMessage, stream, streamClient, streamServer } from './stream.ts';
export { timeWait, timeWaitCaller, timeWaitListener, timeWaitServer } from './timeWait.ts';
export type {
  BlockedExpectation,
  Correction,
  Expectation,
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

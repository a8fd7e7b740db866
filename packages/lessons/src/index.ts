import { echo } from './echo.ts';
import { handshake } from './handshake.ts';
import { hello } from './hello.ts';
import type { Lesson } from './types.ts';

/** Every lesson, in the order the picker shows them. */
export const lessons: readonly Lesson[] = [hello, echo, handshake];

/**
 * Looks a lesson up by id.
 *
 * @example
 * findLesson('hello')?.steps.length // 11
 */
export function findLesson(id: string): Lesson | undefined {
  return lessons.find((lesson) => lesson.id === id);
}

export { echo, echoMessage } from './echo.ts';
export { handshake, handshakeClient, handshakeServer } from './handshake.ts';
export { hello } from './hello.ts';
export { echoClient, echoServer, helloClient, helloServer, lineOf, seedCorrections } from './programs.ts';
export type {
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

import { echoMessage, type Lesson, type Program } from '@socklab/lessons';

// TEMPORARY: adapts today's `Program` (title, `{port}` in the C lines) to the one
// the lessons engineer is landing on main (`command`, the default port written
// literally in the C source). Delete this file after merging it.

/** A lesson's program as the web shows it. */
export type WebProgram = { actor: string; file: string; command: string; lines: readonly string[] };

function adapt(program: Program, port: number): WebProgram {
  const command = program.title.en.replace(/^[^:]*:\s*/, '').replaceAll('{message}', echoMessage);
  const lines = program.lines.map((line) => line.replaceAll('{port}', String(port)));
  return { actor: program.actor, file: program.file, command: command.split(' (')[0] ?? command, lines };
}

const cache = new WeakMap<Lesson, readonly WebProgram[]>();

/** The programs of `lesson`, as the web shows them. */
export function programsOf(lesson: Lesson): readonly WebProgram[] {
  let programs = cache.get(lesson);
  if (programs === undefined) {
    programs = lesson.programs.map((program) => adapt(program, lesson.port));
    cache.set(lesson, programs);
  }
  return programs;
}

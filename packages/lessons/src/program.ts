import type { Program } from './types.ts';

/**
 * Builds a {@link Program} from the text of its real `.c` file.
 *
 * @example
 * import source from './hello_server.c?raw';
 * const helloServer = defineProgram({ actor: 'server', file: 'hello_server.c', command: './hello_server', source });
 */
export function defineProgram(program: { actor: string; file: string; command: string; source: string }): Program {
  const { actor, file, command, source } = program;
  if (!/^[\w.-]+\.c$/.test(file)) throw new Error(`defineProgram: not a C file name: ${JSON.stringify(file)}`);
  if (source.trim() === '') throw new Error(`defineProgram: ${file} is empty`);
  const binary = `./${file.slice(0, -2)}`;
  if (command !== binary && !command.startsWith(`${binary} `)) {
    throw new Error(`defineProgram: ${file}'s command must start with ${binary}: ${JSON.stringify(command)}`);
  }
  return { actor, file, command, source, lines: source.replace(/\n$/, '').split('\n') };
}

/**
 * The same program run by another actor (`client1` … `client4` all run `client.c`).
 *
 * @example
 * const client2 = runBy(client, 'client2');
 */
export function runBy(program: Program, actor: string, command = program.command): Program {
  return defineProgram({ actor, file: program.file, command, source: program.source });
}

/**
 * Finds the 1-based line of `program` that contains `needle`, the `nth` time.
 * Lessons name lines by their code, so editing a program cannot silently
 * shift a step onto the wrong line.
 *
 * @example
 * lineOf(helloServer, 'listen(') // 28
 */
export function lineOf(program: Program, needle: string, nth = 1): number {
  const hits = program.lines.flatMap((line, i) => (line.includes(needle) ? [i + 1] : []));
  const hit = hits[nth - 1];
  if (hit === undefined) throw new Error(`no line ${nth} containing ${JSON.stringify(needle)} in ${program.file}`);
  return hit;
}

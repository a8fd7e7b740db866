import type { FailureOutput, Program } from './types.ts';

/** C's escapes in a string literal (those our programs use). */
function unescapeC(literal: string): string {
  return literal.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', '0': '\0' })[c as 'n'] ?? c);
}

const handler = /\b(printf|perror|error_handling)\("((?:[^"\\]|\\.)*)"\)/;

/**
 * What `program` prints when the call on `line` returns -1, if the program
 * checks that result and exits: the `printf`/`perror`/`error_handling` of the
 * `if` that tests it (on the call's line, or on the next line testing the
 * variable the call assigned); `exits` when `exit(1)` follows in the same
 * block. `undefined` when the program does not check.
 *
 * @example
 * failureOutput(helloServer, lineOf(helloServer, 'bind(')) // { stream: 'stdout', text: 'bind() 실행 에러\n' }
 */
export function failureOutput(program: Program, line: number): FailureOutput | undefined {
  const at = (n: number) => program.lines[n - 1] ?? '';
  const callLine = at(line);
  let check = line;
  if (!(/\bif\s*\(/.test(callLine) && callLine.includes('-1'))) {
    const assigned = /(\w+)\s*=\s*\w+\(/.exec(callLine)?.[1];
    const next = at(line + 1);
    const tests = new RegExp(`\\bif\\s*\\(\\s*(-1\\s*==\\s*${assigned}\\b|${assigned}\\s*==\\s*-1\\b)`);
    if (assigned === undefined || !tests.test(next)) return undefined;
    check = line + 1;
  }
  for (let n = check; n <= line + 3; n++) {
    const text = at(n);
    const found = handler.exec(text);
    if (found === null) continue;
    const [, fn, literal = ''] = found;
    const message = unescapeC(literal);
    if (fn === 'error_handling') {
      // The seed's error_handling(): fputs(message, stderr); fputc('\n', stderr); exit(1).
      const own = program.source.match(/void error_handling\(const char \*message\)\s*\{([^}]*)\}/)?.[1] ?? '';
      if (!own.includes('fputs(message, stderr)') || !own.includes('exit(1)')) return undefined;
      return { stream: 'stderr', text: `${message}\n`, exits: true };
    }
    const rest = text.slice((found.index ?? 0) + found[0].length);
    const block = text.includes('{') ? rest.slice(0, rest.indexOf('}') + 1 || undefined) : rest;
    const exits = /\bexit\(1\)/.test(block);
    // man 3 perror: "message: strerror(errno)\n" on stderr.
    return fn === 'perror'
      ? { stream: 'stderr', text: `${message}: %m\n`, exits }
      : { stream: 'stdout', text: message, exits };
  }
  return undefined;
}

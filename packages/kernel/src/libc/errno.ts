import type { Errno } from '@socklab/protocol';
import { errnoTable, libc } from './libc.ts';

let names: Map<number, string> | undefined;

// Several names share a number on Linux (EAGAIN/EWOULDBLOCK, EDEADLK/EDEADLOCK,
// ENOTSUP/EOPNOTSUPP); man pages and C programs use the first of each pair.
const preferred = new Set(['EAGAIN', 'EDEADLK', 'EOPNOTSUPP']);

function nameTable(): Map<number, string> {
  if (names) return names;
  names = new Map();
  for (const [name, code] of Object.entries(errnoTable())) {
    if (!names.has(code) || preferred.has(name)) names.set(code, name);
  }
  return names;
}

/**
 * Describes an errno number: its C name from koffi's table and strerror's text.
 *
 * @example
 * describeErrno(98) // { name: 'EADDRINUSE', code: 98, message: 'Address already in use' }
 */
export function describeErrno(code: number): Errno {
  return { name: nameTable().get(code) ?? `E${code}`, code, message: String(libc().strerror(code)) };
}

/** The number of a named errno on this OS; throws for a name the OS does not have. */
export function errnoCode(name: string): number {
  const code = errnoTable()[name];
  if (code === undefined) throw new Error(`unknown errno name: ${name}`);
  return code;
}

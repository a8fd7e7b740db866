import type { LoadOutcome } from '@socklab/kernel';

/** What the `load` lesson expects of every call, as `lesson.check` spells it. */
export function expectedResult(clients: number, planned: number, bytes: number): string {
  return `${planned.toLocaleString('en')} calls for ${clients.toLocaleString('en')} clients: every socket() and accept() an fd, every connect() and close() 0, every write() and the first read() ${bytes}, the server's second read() 0`;
}

// What each call of a client and its connection returns when all goes well.
const expected: readonly [
  actor: 'server' | 'clients',
  syscall: 'socket' | 'connect' | 'write' | 'read' | 'accept' | 'close',
  ret: number | 'fd' | 'bytes',
  per: number,
][] = [
  ['clients', 'socket', 'fd', 1],
  ['clients', 'connect', 0, 1],
  ['clients', 'write', 'bytes', 1],
  ['clients', 'read', 'bytes', 1],
  ['clients', 'close', 0, 1],
  ['server', 'accept', 'fd', 1],
  ['server', 'read', 'bytes', 1],
  ['server', 'read', 0, 1],
  ['server', 'write', 'bytes', 1],
];

/**
 * Null when the tally says every call returned what it should (and every
 * planned call was made); else what differed, in words.
 */
export function tallyDiffers(out: LoadOutcome, bytes: number): string | null {
  const { tally, clients, planned } = out;
  const wrong: string[] = [];
  if (out.refused) wrong.push(`socklab refused a call: ${out.refused}`);
  if (tally.made !== planned)
    wrong.push(`${tally.made.toLocaleString('en')} of ${planned.toLocaleString('en')} calls made`);
  for (const [actor, syscall, ret, per] of expected) {
    const want = clients * per;
    const got = tally.count(actor, syscall, ret === 'bytes' ? bytes : ret);
    if (got !== want)
      wrong.push(`${actor} ${syscall}() returned ${ret === 'bytes' ? bytes : ret} ${got} times, not ${want}`);
  }
  for (const r of tally.results()) {
    if (r.errno !== null) wrong.push(`${r.count} ${r.actor} ${r.syscall}() failed with ${r.errno}`);
  }
  return wrong.length === 0 ? null : wrong.join('; ');
}

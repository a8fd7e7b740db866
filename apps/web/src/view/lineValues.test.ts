import { findLesson, lineOf } from '@socklab/lessons';
import type { EventOf, SocklabEvent } from '@socklab/protocol';
import { describe, expect, it } from 'vitest';
import { lineValuesOf } from './lineValues.ts';
import { after, helloLog, ready, refusedLog } from './recordings.fixture.ts';
import { viewAt } from './viewAt.ts';

const hello = findLesson('hello')!;
const [server, client] = hello.programs as [(typeof hello.programs)[0], (typeof hello.programs)[0]];

/** The kernel's return value of `actor`'s `nth` `syscall` in the log. */
function exitOf(log: readonly SocklabEvent[], actor: string, syscall: string, nth = 1): EventOf<'syscall.exit'> {
  const exits = log.filter(
    (e): e is EventOf<'syscall.exit'> => e.type === 'syscall.exit' && e.actor === actor && e.syscall === syscall,
  );
  const exit = exits[nth - 1];
  if (exit === undefined) throw new Error(`no exit ${nth} of ${actor} ${syscall}`);
  return exit;
}

describe('CODE-1: lineValuesOf', () => {
  it('shows each assigned variable with the fd or count the kernel returned', () => {
    const view = viewAt(helloLog, helloLog.length);
    const serverValues = lineValuesOf(view, 'server');
    expect(serverValues.get(lineOf(server, 'socket('))).toMatchObject({
      variable: 'server_socket',
      ret: exitOf(helloLog, 'server', 'socket').ret,
      errno: null,
    });
    expect(serverValues.get(lineOf(server, 'accept('))).toMatchObject({
      variable: 'client_socket',
      ret: exitOf(helloLog, 'server', 'accept').ret,
    });
    // `if (-1 == bind(...))` keeps no value: the line shows the return alone.
    expect(serverValues.get(lineOf(server, 'bind('))).toMatchObject({ variable: null, ret: 0 });
    const clientValues = lineValuesOf(view, 'client');
    expect(clientValues.get(lineOf(client, 'read('))).toMatchObject({
      variable: 'str_len',
      ret: exitOf(helloLog, 'client', 'read').ret,
    });
    expect(exitOf(helloLog, 'client', 'read').ret).toBe(13);
  });

  it('follows the cursor: before the read there is no str_len, and a blocked accept() has no value yet', () => {
    const beforeRead = viewAt(helloLog, ready(helloLog, 7));
    expect(lineValuesOf(beforeRead, 'client').has(lineOf(client, 'read('))).toBe(false);
    const blocked = viewAt(
      helloLog,
      after(helloLog, (e) => e.type === 'syscall.block' && e.syscall === 'accept'),
    );
    expect(lineValuesOf(blocked, 'server').has(lineOf(server, 'accept('))).toBe(false);
    expect(lineValuesOf(blocked, 'server').get(lineOf(server, 'socket('))?.ret).toBe(
      exitOf(helloLog, 'server', 'socket').ret,
    );
  });

  it('shows a failing call as -1 with its errno name', () => {
    const refused = findLesson('refused')!;
    const knock = refused.programs.find((p) => p.actor === 'client')!;
    const firstConnect = after(refusedLog, (e) => e.type === 'syscall.exit' && e.syscall === 'connect');
    const value = lineValuesOf(viewAt(refusedLog, firstConnect), 'client').get(lineOf(knock, 'connect('));
    expect(value).toMatchObject({ variable: null, ret: -1, errno: 'ECONNREFUSED' });
  });

  it('is empty outside a lesson (the playground writes its own program)', () => {
    expect(lineValuesOf(viewAt(helloLog, 1), 'server').size).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { asksAddress, connects, nth, opens, reads, writes } from './calls.ts';
import { defineLesson } from './defineLesson.ts';
import { defineProgram } from './program.ts';

const program = defineProgram({
  actor: 'client',
  file: 'x.c',
  source: '    sock = socket(PF_INET, SOCK_STREAM, 0);\n    connect(sock, 0, 0);\n    connect(sock, 0, 0);\n',
});

describe('one-call builders', () => {
  it('put the call on its first line, or on its nth, or on the line `at` names', () => {
    expect(connects(program, 'k', { ret: 0 }).line).toBe(2);
    expect(connects(program, 'k', { ret: 0 }, { nth: 2 }).line).toBe(3);
    expect(opens(program, 'sock', 'client', 'k', {}, { at: 'SOCK_STREAM' }).line).toBe(1);
    expect(() => connects(program, 'k', { ret: 0 }, { nth: 3 })).toThrow(/no line 3 containing "connect\("/);
  });

  it('add only errno: null (and the call’s usual answer) to what the step expects', () => {
    expect(opens(program, 'sock', 'client', 'k').expect).toEqual({ ret: 'fd', errno: null, tcp: 'CLOSED' });
    expect(connects(program, 'k', { ret: -1, errno: 'ECONNREFUSED' }).expect).toEqual({
      ret: -1,
      errno: 'ECONNREFUSED',
    });
  });

  it('build the call the C line makes', () => {
    expect(writes(program, 'sock', 'hi', 'k', { ret: 2 }, { at: 'socket(' }).call).toEqual({
      syscall: 'write',
      socket: 'sock',
      data: { text: 'hi' },
    });
    expect(reads(program, 'sock', { size: 8, into: 'buff' }, 'k', { ret: 0 }, { at: 'socket(' }).call).toEqual({
      syscall: 'read',
      socket: 'sock',
      size: 8,
      into: 'buff',
    });
    expect(asksAddress(program, 'getpeername', 'sock', 'k', {}, { at: 'socket(', sets: '$port' }).call).toEqual({
      syscall: 'getpeername',
      socket: 'sock',
    });
  });
});

describe('nth', () => {
  it('names the first of a family by its base and the others by number', () => {
    expect([1, 2, 3].map((n) => nth('server.read', n))).toEqual(['server.read', 'server.read.2', 'server.read.3']);
    expect(() => nth('server.read', 0)).toThrow(/not a count from 1: 0/);
  });
});

describe('defaults', () => {
  it('start a program by its binary and bind the seed’s port 4000', () => {
    expect(program.command).toBe('./x');
    const text = { chapter: '1. x', title: 't', summary: 's', steps: {} };
    const lesson = defineLesson({ id: 'x', programs: [program], steps: [], text: { ko: text, en: text } });
    expect(lesson.port).toBe(4000);
  });
});

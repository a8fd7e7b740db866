import { describe, expect, it } from 'vitest';
import { defineLesson, type LessonText } from './defineLesson.ts';
import { failureOutput } from './failureOutput.ts';
import { findLesson, hello, lessons, refused } from './index.ts';
import { defineProgram, lineOf } from './program.ts';
import { type Lang, type Lesson, languages, type Step, type Text } from './types.ts';

const hangul = /[\uAC00-\uD7A3]/;

/** Every piece of text a lesson shows, with where it is. */
function texts(lesson: Lesson): [string, Text][] {
  return [
    ['chapter', lesson.chapter],
    ['title', lesson.title],
    ['summary', lesson.summary],
    ...lesson.steps.map((s, i): [string, Text] => [`step ${i + 1} narration`, s.narration]),
    ...lesson.corrections.map((c, i): [string, Text] => [`correction ${i + 1} why`, c.why]),
  ];
}

/** The C function a step's line must call. */
function calls(step: Step): RegExp {
  switch (step.call.syscall) {
    case 'write':
      return /\b(write|send)\(/;
    default:
      return new RegExp(`\\b${step.call.syscall}\\(`);
  }
}

describe('lessons', () => {
  it('have unique ids, each found by findLesson', () => {
    const ids = lessons.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(findLesson(id)?.id).toBe(id);
  });

  it('come chapter by chapter, in the order of their numbers', () => {
    const chapters = lessons.map((l) => l.chapter.en);
    const order = [...new Set(chapters)];
    expect(chapters).toEqual(order.flatMap((c) => chapters.filter((x) => x === c)));
    expect(order.map((c) => Number.parseInt(c, 10))).toEqual(order.map((_, i) => i + 1));
    for (const lesson of lessons) {
      expect(Number.parseInt(lesson.chapter.ko, 10)).toBe(Number.parseInt(lesson.chapter.en, 10));
    }
  });

  describe.each(lessons.map((l) => [l.id, l] as const))('%s', (_id, lesson) => {
    it('has complete Korean and English text everywhere', () => {
      const missing: string[] = [];
      for (const [where, text] of texts(lesson)) {
        if (typeof text.ko !== 'string' || text.ko.trim() === '') missing.push(`${where} (ko)`);
        else if (!hangul.test(text.ko)) missing.push(`${where} (ko has no Korean)`);
        if (typeof text.en !== 'string' || text.en.trim() === '') missing.push(`${where} (en)`);
      }
      for (const [i, c] of lesson.corrections.entries()) {
        if (c.seed.trim() === '' || c.corrected.trim() === '') missing.push(`correction ${i + 1} lines`);
      }
      expect(missing).toEqual([]);
    });

    it('has one program per actor, and every step’s line in its actor’s program, calling its function', () => {
      const actors = lesson.programs.map((p) => p.actor);
      expect(new Set(actors).size).toBe(actors.length);
      for (const [i, step] of lesson.steps.entries()) {
        const program = lesson.programs.find((p) => p.actor === step.actor);
        expect(program, `step ${i + 1}: no program for ${step.actor}`).toBeDefined();
        const lines = program?.lines ?? [];
        expect(Number.isInteger(step.line), `step ${i + 1}: line ${step.line}`).toBe(true);
        expect(step.line, `step ${i + 1}`).toBeGreaterThanOrEqual(1);
        expect(step.line, `step ${i + 1}`).toBeLessThanOrEqual(lines.length);
        expect(lines[step.line - 1], `step ${i + 1} (${step.call.syscall})`).toMatch(calls(step));
      }
      for (const program of lesson.programs) expect(program.lines.length).toBeGreaterThan(0);
    });

    it('uses only sockets its actor created earlier', () => {
      const created = new Set<string>();
      for (const [i, step] of lesson.steps.entries()) {
        const { call } = step;
        if (call.syscall !== 'socket') {
          expect(
            created.has(`${step.actor}:${call.socket}`),
            `step ${i + 1}: ${step.actor} has no ${call.socket}`,
          ).toBe(true);
        }
        if (call.syscall === 'socket' || call.syscall === 'accept') created.add(`${step.actor}:${call.as}`);
      }
    });

    it('waits only for an actor that made a call before', () => {
      for (const [i, step] of lesson.steps.entries()) {
        if (!step.wait) continue;
        expect(
          lesson.steps.slice(0, i).some((s) => s.actor === step.actor),
          `step ${i + 1}`,
        ).toBe(true);
      }
    });

    it('expects an outcome for every step', () => {
      for (const [i, step] of lesson.steps.entries()) {
        expect(step.expect.ret, `step ${i + 1}`).toBeDefined();
        expect(step.expect.errno, `step ${i + 1}`).not.toBeUndefined();
      }
    });

    it('writes its default port only as htons(port), and keeps placeholders out of its C', () => {
      for (const program of lesson.programs) {
        expect(program.source, program.file).not.toMatch(/\{(port|message)\}/);
        expect(program.lines).toEqual(program.source.replace(/\n$/, '').split('\n'));
        expect(program.command, program.file).toMatch(new RegExp(`^\\./${program.file.slice(0, -2)}( |$)`));
        expect(program.command.replaceAll('{port}', ''), program.file).not.toMatch(/[{}]/);
        // auto-bind's port is 0: its programs never write a port, and 0 is everywhere else in C.
        if (lesson.port === 0) continue;
        for (const [i, line] of program.lines.entries()) {
          for (const hit of line.matchAll(new RegExp(`\\b${lesson.port}\\b`, 'g'))) {
            expect(line.slice(0, hit.index).endsWith('htons('), `${program.file}:${i + 1}: ${line}`).toBe(true);
          }
        }
      }
    });

    it('prints on error only what its C program prints, near the step’s line', () => {
      for (const [i, step] of lesson.steps.entries()) {
        if (step.onError === undefined) continue;
        const program = lesson.programs.find((p) => p.actor === step.actor);
        const near = program?.lines.slice(step.line - 1, step.line + 3).join('\n') ?? '';
        const printed = step.onError.text.replace(/\n$/, '').replace(/: %m$/, '');
        const unescaped = near.replace(/\\n/g, '\n').replace(/\\"/g, '"');
        expect(unescaped, `step ${i + 1}`).toContain(printed);
        expect(step.onError.text, `step ${i + 1}`).toMatch(/\n$/);
      }
    });
  });
});

describe('onError', () => {
  it('copies what the C program prints before exit(1), on the stream it prints on', () => {
    const bind = hello.steps.find((s) => s.call.syscall === 'bind');
    expect(bind?.onError).toEqual({ stream: 'stdout', text: 'bind() 실행 에러\n', exits: true });
    const connect = hello.steps.find((s) => s.call.syscall === 'connect');
    expect(connect?.onError).toEqual({ stream: 'stderr', text: 'connect() error!\n', exits: true });
  });

  it('is left out where the program does not check; says when the program goes on after printing', () => {
    const connects = refused.steps.filter((s) => s.call.syscall === 'connect');
    expect(connects.map((s) => s.onError?.exits)).toEqual([false, false, true]);
    expect(connects[2]?.onError).toEqual({ stream: 'stderr', text: 'connect: %m\n', exits: true });
    expect(hello.steps.find((s) => s.call.syscall === 'write')?.onError).toBeUndefined();
  });

  it('reads the check on the next line only when it tests the assigned variable', () => {
    const program = defineProgram({
      actor: 'client',
      file: 'x.c',
      command: './x',
      source:
        'int main(void)\n{\n    sock = socket(PF_INET, SOCK_STREAM, 0);\n    if (-1 == connect(sock, 0, 0)) { perror("connect"); exit(1); }\n}\n',
    });
    expect(failureOutput(program, lineOf(program, 'socket('))).toBeUndefined();
    expect(failureOutput(program, lineOf(program, 'connect('))).toEqual({
      stream: 'stderr',
      text: 'connect: %m\n',
      exits: true,
    });
  });
});

describe('defineLesson', () => {
  const program = defineProgram({
    actor: 'server',
    file: 'x.c',
    command: './x',
    source: '    close(server_socket);\n',
  });
  const text = (steps: Record<string, string>): LessonText => ({ chapter: '1. x', title: 't', summary: 's', steps });
  const define = (texts: Record<Lang, LessonText>) =>
    defineLesson({
      id: 'x',
      port: 4000,
      programs: [program],
      text: texts,
      steps: [
        { actor: 'server', call: { syscall: 'close', socket: 'server_socket' }, line: 1, say: 'close', expect: {} },
      ],
    });

  it('resolves each step’s key into narration in every language', () => {
    const lesson = define({ ko: text({ close: '닫기' }), en: text({ close: 'Close' }) });
    expect(lesson.steps[0]?.narration).toEqual({ ko: '닫기', en: 'Close' });
  });

  it('throws on a key missing in one language, and on a text no step uses', () => {
    expect(() => define({ ko: text({}), en: text({ close: 'Close' }) })).toThrow(/no ko text for steps\.close/);
    expect(() => define({ ko: text({ close: '닫기', extra: '더' }), en: text({ close: 'Close' }) })).toThrow(/extra/);
  });

  it('knows every language in one list', () => {
    expect(languages).toEqual(['ko', 'en']);
  });
});

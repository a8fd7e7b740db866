import { describe, expect, it } from 'vitest';
import { findLesson, lessons } from './index.ts';
import type { Lesson, Step, Text } from './types.ts';

const hangul = /[\uAC00-\uD7A3]/;

/** Every piece of text a lesson shows, with where it is. */
function texts(lesson: Lesson): [string, Text][] {
  return [
    ['chapter', lesson.chapter],
    ['title', lesson.title],
    ['summary', lesson.summary],
    ...lesson.programs.map((p): [string, Text] => [`program ${p.actor} title`, p.title]),
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
  });
});

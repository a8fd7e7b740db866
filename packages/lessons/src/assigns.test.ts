import { describe, expect, it } from 'vitest';
import { lessons } from './index.ts';
import type { Lesson, Step } from './types.ts';

/** `client_socket[0]` → `client_socket`: the C identifier an `assigns` names. */
const identifierOf = (variable: string) => variable.replace(/\[\w+\]$/, '');

/** A line that stores a call's result: `x = call(`, `x=call(`, `(x = call(`, `x[i] = call(` (never `==`). */
const assignment = /(?:^|[^=!<>\w])([A-Za-z_]\w*)(?:\[\w+\])?\s*=\s*(?!=)\s*(?:\(\w+\)\s*)?[a-z_]+\d*\s*\(/;

const sourceOf = (lesson: Lesson, step: Step) => lesson.programs.find((p) => p.actor === step.actor);

describe('CODE-1: Step.assigns', () => {
  describe.each(lessons.map((l) => [l.id, l] as const))('%s', (_id, lesson) => {
    it('names a variable its C source declares, on the line that assigns it', () => {
      for (const [i, step] of lesson.steps.entries()) {
        if (step.assigns === undefined) continue;
        const program = sourceOf(lesson, step);
        const name = identifierOf(step.assigns);
        const declared = new RegExp(`\\b(?:int|ssize_t|socklen_t)\\b[^;(]*\\b${name}\\b`);
        expect(program?.source, `step ${i + 1}: ${name} is declared`).toMatch(declared);
        const line = program?.lines[step.line - 1] ?? '';
        expect(line.match(assignment)?.[1], `step ${i + 1}: line ${step.line} assigns ${name}`).toBe(name);
      }
    });

    it('says which variable every line that stores a return value assigns', () => {
      for (const [i, step] of lesson.steps.entries()) {
        const line = sourceOf(lesson, step)?.lines[step.line - 1] ?? '';
        const stored = line.match(assignment)?.[1];
        if (stored === undefined) expect(step.assigns, `step ${i + 1}: line ${step.line}`).toBeUndefined();
        else expect(step.assigns && identifierOf(step.assigns), `step ${i + 1}: ${line.trim()}`).toBe(stored);
      }
    });
  });
});

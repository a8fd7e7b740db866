import builderEn from './builders.text.en.json' with { type: 'json' };
import builderKo from './builders.text.ko.json' with { type: 'json' };
import { failureOutput } from './failureOutput.ts';
import { type Correction, type Lang, type Lesson, languages, type Program, type Step, type Text } from './types.ts';

/**
 * A step as a lesson writes it: `say` names its narration in the lesson's
 * text files (`steps.<say>`), or in the builders' (`builders.<key>`).
 */
export type StepDraft = Omit<Step, 'narration' | 'onError'> & { say: string };

/** One language's words of one lesson: the contents of its `text.<lang>.json`. */
export type LessonText = { chapter: string; title: string; summary: string; steps: Readonly<Record<string, string>> };

/** The builders' shared narrations, by language (`builders.text.<lang>.json`). */
export const builderTexts: Record<Lang, Readonly<Record<string, string>>> = { ko: builderKo, en: builderEn };

const builderPrefix = 'builders.';

/**
 * Collects one text in every language, or throws naming what is missing.
 *
 * @example
 * textOf('hello', 'steps.server.bind', (lang) => texts[lang].steps['server.bind'])
 */
export function textOf(where: string, key: string, lookup: (lang: Lang) => string | undefined): Text {
  const entries = languages.map((lang) => {
    const text = lookup(lang);
    if (typeof text !== 'string' || text.trim() === '') throw new Error(`${where}: no ${lang} text for ${key}`);
    return [lang, text] as const;
  });
  return Object.fromEntries(entries) as Text;
}

/**
 * Builds a lesson: resolves each step's `say` into `narration` in every
 * language, and derives each step's `onError` from its program's C source.
 * Throws on a key missing in any language, and on a lesson text no step uses.
 *
 * @example
 * export const hello = defineLesson({ id: 'hello', port: 4000, programs, steps, text: { en, ko } });
 */
export function defineLesson(lesson: {
  id: string;
  port: number;
  programs: readonly Program[];
  steps: readonly StepDraft[];
  corrections?: readonly Correction[];
  text: Record<Lang, LessonText>;
}): Lesson {
  const { id, port, programs, text } = lesson;
  const header = (key: 'chapter' | 'title' | 'summary') => textOf(id, key, (lang) => text[lang]?.[key]);
  const used = new Set<string>();
  const steps = lesson.steps.map((draft, i): Step => {
    const { say, ...step } = draft;
    const where = `${id} step ${i + 1}`;
    let narration: Text;
    if (say.startsWith(builderPrefix)) {
      const key = say.slice(builderPrefix.length);
      narration = textOf(where, say, (lang) => builderTexts[lang][key]);
    } else {
      used.add(say);
      narration = textOf(where, `steps.${say}`, (lang) => text[lang]?.steps[say]);
    }
    const program = programs.find((p) => p.actor === step.actor);
    if (program === undefined) throw new Error(`${where}: no program for actor ${step.actor}`);
    const onError = failureOutput(program, step.line);
    return { ...step, narration, ...(onError === undefined ? {} : { onError }) };
  });
  for (const lang of languages) {
    const unused = Object.keys(text[lang]?.steps ?? {}).filter((key) => !used.has(key));
    if (unused.length > 0) throw new Error(`${id}: ${lang} text for no step: ${unused.join(', ')}`);
  }
  return {
    id,
    chapter: header('chapter'),
    title: header('title'),
    summary: header('summary'),
    port,
    programs,
    steps,
    corrections: lesson.corrections ?? [],
  };
}

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lessons, loadLesson } from './index.ts';
import { languages } from './types.ts';

const src = fileURLToPath(new URL('.', import.meta.url));
/** The folder of a lesson: its id in camel case (`time-wait` → `timeWait/`). */
const folderOf = (id: string) => id.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
const folders = readdirSync(src, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

/** Every key of a text file, nested keys joined by dots. */
function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix === '' ? k : `${prefix}.${k}`));
}
const textFile = (base: string, lang: string) => `${src}${base}${base.endsWith('/') ? 'text' : '.text'}.${lang}.json`;

function gccAvailable(): boolean {
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('lesson folders', () => {
  it('are one per lesson, named after its id', () => {
    const lessonFolders = folders.filter((f) => existsSync(`${src}${f}/lesson.ts`));
    expect(lessonFolders.sort()).toEqual([...lessons, loadLesson].map((l) => folderOf(l.id)).sort());
  });

  it.each([...folders.map((f) => `${f}/`), 'builders'])('%s has the same text keys in every language', (base) => {
    const [first, ...others] = languages.map((lang) => {
      const file = textFile(base, lang);
      expect(existsSync(file), `${file} is missing`).toBe(true);
      return { lang, keys: keys(JSON.parse(readFileSync(file, 'utf8'))).sort() };
    });
    for (const other of others) expect(other.keys, `${base}: ${other.lang} vs ${first?.lang}`).toEqual(first?.keys);
  });

  it.each([...lessons, loadLesson].map((l) => [l.id, l] as const))(
    '%s reads each program from its own .c file',
    (_id, lesson) => {
      for (const program of lesson.programs) {
        const file = `${src}${folderOf(lesson.id)}/${program.file}`;
        expect(readFileSync(file, 'utf8'), file).toBe(program.source);
      }
    },
  );
});

describe('C programs', () => {
  const files = folders.flatMap((f) =>
    readdirSync(`${src}${f}`)
      .filter((name) => name.endsWith('.c'))
      .map((name) => `${f}/${name}`),
  );

  it('are there', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files)('%s compiles with gcc -Wall -Werror', (file) => {
    if (!gccAvailable())
      throw new Error('gcc is missing: install it (Debian: apt-get install gcc) to check the C programs');
    // Throws with gcc's diagnostics on any warning or error.
    execFileSync('gcc', ['-fsyntax-only', '-Wall', '-Werror', `${src}${file}`], { stdio: 'pipe' });
  });
});

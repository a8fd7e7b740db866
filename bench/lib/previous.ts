import { existsSync, readFileSync } from 'node:fs';
import type { Figure } from './figures.ts';

/** What `results.json` keeps of a run, for the next partial run. */
export type Results = {
  figures: (Figure & { file?: string })[];
  /** The extra sections of results.md (a bench file's `.md`), by bench file. */
  extras?: Record<string, string>;
};

/**
 * The figures and extra sections of the previous run for the bench files a
 * partial run does not measure again, when this checkout has no `.results/` of
 * them (a fresh clone or worktree): from `results.json`, by the file each came
 * from; a results.json from before figures named their file gives the figures
 * whose id no measured file produced, each named by the bench file whose source
 * holds its id (or the id up to its last `-`), and the extra sections of `results.md`.
 */
export function previousResults(
  dir: string,
  notRerun: ReadonlySet<string>,
  measuredIds: ReadonlySet<string>,
): { figures: (Figure & { file: string })[]; extras: Record<string, string> } {
  if (!existsSync(`${dir}results.json`)) return { figures: [], extras: {} };
  const previous = JSON.parse(readFileSync(`${dir}results.json`, 'utf8')) as Results;
  const tagged = previous.figures.some((f) => f.file !== undefined);
  const sources = [...notRerun].map((file) => ({ file, text: readFileSync(`${dir}${file}`, 'utf8') }));
  const quoted = (text: string, s: string) => ["'", '"', '`'].some((q) => text.includes(`${q}${s}`));
  const fileOf = (id: string): string =>
    sources.find(({ text }) => quoted(text, `${id}'`) || quoted(text, `${id}"`))?.file ??
    sources.find(({ text }) => quoted(text, `${id.replace(/-[^-]*$/, '')}-`))?.file ??
    '';
  const figures = previous.figures
    .filter(
      (f) => !measuredIds.has(f.id) && (!tagged || f.file === '' || (f.file !== undefined && notRerun.has(f.file))),
    )
    .map((f) => ({ ...f, file: f.file ?? fileOf(f.id) }));
  // Sections of a bench file not measured again, and those of a results.md from before they were kept by file.
  let extras = Object.fromEntries(
    Object.entries(previous.extras ?? {}).filter(([file]) => notRerun.has(file) || file === 'results.md'),
  );
  if (!tagged && existsSync(`${dir}results.md`)) {
    // header, table, notes, then the extra sections.
    const sections = readFileSync(`${dir}results.md`, 'utf8').trimEnd().split('\n\n').slice(3);
    if (sections.length > 0) extras = { 'results.md': sections.join('\n\n') };
  }
  return { figures, extras };
}

import { type Figure, show } from './figures.ts';

/** The figures as a Markdown table: samples, median, p95, p99, the reference, the ratio, the budget and pass/fail. */
export function markdownTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => {
    if (f.error !== undefined) return `| ${f.name} | — | not measured | | | | | ${f.budget} | — |`;
    const ref = f.reference === null ? '—' : `${f.reference.name}: ${show(f, f.reference.median)}`;
    const ratio = f.ratio === null ? '—' : `×${f.ratio < 10 ? f.ratio.toFixed(1) : f.ratio.toFixed(0)}`;
    const verdict = f.pass === null ? '—' : f.pass ? 'pass' : '**fail**';
    return `| ${f.name} | ${f.n.toLocaleString('en')} | ${show(f, f.median)} | ${show(f, f.p95)} | ${show(f, f.p99)} | ${ref} | ${ratio} | ${f.budget} | ${verdict} |`;
  });
  return [
    '| figure | n | median | p95 | p99 | reference (same run) | ratio | budget | result |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

import { mkdirSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What one figure was measured against, in the same run. */
export type Reference = { name: string; median: number; p95?: number; p99?: number };

/** One measured figure of `npm run bench` (times in ms unless `unit` says otherwise). */
export type Figure = {
  id: string;
  name: string;
  unit: 'ms' | 'KB' | 'MB' | 'fps' | 'bool';
  n: number;
  median: number | null;
  p95: number | null;
  p99: number | null;
  reference: Reference | null;
  /** median / reference median. */
  ratio: number | null;
  budget: string;
  pass: boolean | null;
  note?: string;
  /** Why the figure could not be measured. */
  error?: string;
};

/** The figures of this run, as each bench file leaves them for `run.ts`. */
export const resultsDir = fileURLToPath(new URL('../.results/', import.meta.url));

/** The q-quantile of `times` (nearest rank). */
export function quantile(times: readonly number[], q: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** median, p95 and p99 of `times`. */
export function stats(times: readonly number[]): { n: number; median: number; p95: number; p99: number } {
  return { n: times.length, median: quantile(times, 0.5), p95: quantile(times, 0.95), p99: quantile(times, 0.99) };
}

/** A figure from its samples, its reference's samples and a budget check. */
export function figure(options: {
  id: string;
  name: string;
  times: readonly number[];
  reference?: { name: string; times: readonly number[] } | null;
  budget: string;
  check: (s: ReturnType<typeof stats>, ratio: number | null) => boolean;
  note?: string;
}): Figure {
  const s = stats(options.times);
  const ref = options.reference ? stats(options.reference.times) : null;
  const ratio = ref === null ? null : s.median / ref.median;
  return {
    id: options.id,
    name: options.name,
    unit: 'ms',
    n: s.n,
    median: s.median,
    p95: s.p95,
    p99: s.p99,
    reference:
      ref === null || !options.reference
        ? null
        : { name: options.reference.name, median: ref.median, p95: ref.p95, p99: ref.p99 },
    ratio,
    budget: options.budget,
    pass: options.check(s, ratio),
    ...(options.note === undefined ? {} : { note: options.note }),
  };
}

/** A figure that could not be measured, and why. */
export function unmeasured(id: string, name: string, budget: string, error: unknown): Figure {
  const message = error instanceof Error ? error.message : String(error);
  return {
    id,
    name,
    unit: 'ms',
    n: 0,
    median: null,
    p95: null,
    p99: null,
    reference: null,
    ratio: null,
    budget,
    pass: null,
    error: message.split('\n')[0] ?? message,
  };
}

/** Measures `fn` `iterations` times after `warmup` runs; returns each run's ms. */
export async function timeEach(iterations: number, warmup: number, fn: (i: number) => unknown): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn(i);
    times.push(performance.now() - start);
  }
  return times;
}

/** Leaves this bench file's figures for `run.ts` (and prints them). */
export function saveFigures(benchFile: string, figures: readonly Figure[]): void {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(`${resultsDir}${basename(benchFile).replace(/\.ts$/, '')}.json`, JSON.stringify(figures, null, 2));
  for (const f of figures) console.log(oneLine(f));
}

const fmt = (ms: number | null | undefined): string =>
  ms === null || ms === undefined || Number.isNaN(ms)
    ? '—'
    : ms < 1
      ? `${(ms * 1000).toFixed(0)} µs`
      : `${ms.toFixed(2)} ms`;

/** A value of a figure in its unit. */
export function show(f: Pick<Figure, 'unit'>, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (f.unit === 'KB') return `${value.toFixed(1)} KB`;
  if (f.unit === 'MB') return `${value.toFixed(1)} MB`;
  if (f.unit === 'fps') return `${value.toFixed(1)} fps`;
  if (f.unit === 'bool') return value ? 'yes' : 'no';
  return fmt(value);
}

/** A figure on one line, for the console. */
export function oneLine(f: Figure): string {
  if (f.error !== undefined) return `${f.name}: NOT MEASURED (${f.error})`;
  const ref = f.reference ? `; ${f.reference.name} ${show(f, f.reference.median)} → ×${f.ratio?.toFixed(1)}` : '';
  const verdict = f.pass === null ? '' : f.pass ? ' PASS' : ' FAIL';
  return `${f.name}: p50 ${show(f, f.median)}, p95 ${show(f, f.p95)}, p99 ${show(f, f.p99)}${ref}; budget ${f.budget}${verdict}`;
}

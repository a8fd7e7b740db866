/**
 * Runs every bench/*.bench.ts in turn, each in its own Node process under tsx,
 * then gathers their figures into bench/results.json and bench/results.md (the
 * table the README's Performance section shows) and prints the table.
 * A failed budget is a result; the exit code is 1 only when a figure could not be measured.
 * Run: npm run build && npm run bench
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type Figure, resultsDir } from './lib/figures.ts';
import { previousResults } from './lib/previous.ts';
import { markdownTable } from './lib/table.ts';

const dir = fileURLToPath(new URL('.', import.meta.url));
const tsx = import.meta.resolve('tsx');
// Lessons import their C programs as `./x.c?raw`.
const rawText = fileURLToPath(new URL('../.config/rawText.mjs', import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (only.length === 0 || only.some((o) => f.startsWith(o))))
  .sort();

// A partial run (`npm run bench -- browser`) measures those files again and keeps the other files' figures.
if (only.length === 0) rmSync(resultsDir, { recursive: true, force: true });
for (const file of benches) rmSync(`${resultsDir}${file.replace(/\.ts$/, '')}.json`, { force: true });
const started = Date.now();
const loadBefore = loadavg()[0] ?? 0;
const crashed: string[] = [];
for (const file of benches) {
  console.log(`\n── ${file}`);
  const r = spawnSync(process.execPath, ['--import', tsx, '--import', rawText, `${dir}${file}`], {
    stdio: 'inherit',
    // Ten minutes a file, and the user session's own length beside it (SOCKLAB_BENCH_USER_MINUTES=30).
    timeout: (10 + Number(process.env.SOCKLAB_BENCH_USER_MINUTES ?? 0)) * 60_000,
  });
  if (r.status !== 0) crashed.push(`${file} (${r.signal ?? `exit ${r.status}`})`);
}
const seconds = (Date.now() - started) / 1000;

const figures: (Figure & { file: string })[] = [];
const extras: Record<string, string> = {};
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const missing = new Set<string>();
for (const file of all) {
  const base = `${resultsDir}${file.replace(/\.ts$/, '')}`;
  if (existsSync(`${base}.json`))
    figures.push(...(JSON.parse(readFileSync(`${base}.json`, 'utf8')) as Figure[]).map((f) => ({ ...f, file })));
  else if (!benches.includes(file)) missing.add(file);
  if (existsSync(`${base}.md`)) extras[file] = readFileSync(`${base}.md`, 'utf8');
}
// A partial run in a checkout without the other files' `.results/` keeps their figures from results.json.
if (missing.size > 0) {
  const previous = previousResults(dir, missing, new Set(figures.map((f) => f.id)));
  figures.push(...previous.figures);
  // A section kept from a results.md of before (by no file) only while no file of this checkout has one.
  const fresh = Object.keys(extras).length > 0;
  for (const [file, md] of Object.entries(previous.extras)) if (!(fresh && file === 'results.md')) extras[file] ??= md;
}
const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const when = new Date().toISOString();
// The machine is shared: its load (1-minute average) before and after the run says how noisy the figures are.
const load = `load average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after`;
writeFileSync(
  `${dir}results.json`,
  `${JSON.stringify({ when, machine, load, seconds, crashed, figures, extras }, null, 2)}\n`,
);
const unmeasured = figures.filter((f) => f.error !== undefined);
const md = [
  `Measured ${when} on ${machine} (${load}), in ${seconds.toFixed(0)} s (\`npm run bench${only.length > 0 ? ` -- ${only.join(' ')}` : ''}\`${only.length > 0 ? ": the other files' figures are from the run before" : ''}). Each figure beside its reference, measured in the same run; n: the samples behind it.`,
  '',
  markdownTable(figures),
  '',
  ...figures.filter((f) => f.note !== undefined).map((f) => `- **${f.name}**: ${f.note}`),
  ...unmeasured.map((f) => `- **not measured: ${f.name}**: ${f.error}`),
  ...crashed.map((c) => `- **a bench file failed**: ${c}`),
  '',
  // What a bench file found besides figures (profile.bench.ts: where a call's time goes).
  ...Object.keys(extras)
    .sort()
    .map((file) => extras[file]),
].join('\n');
writeFileSync(`${dir}results.md`, md);
console.log(`\n${md}`);
if (unmeasured.length > 0 || crashed.length > 0) process.exitCode = 1;

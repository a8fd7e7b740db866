/**
 * Runs every bench/*.bench.ts in turn, each in its own Node process under tsx.
 * Run: npm run bench
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const tsx = import.meta.resolve('tsx');
// Lessons import their C programs as `./x.c?raw`.
const rawText = fileURLToPath(new URL('../.config/rawText.mjs', import.meta.url));
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();

const failed: string[] = [];
for (const file of benches) {
  console.log(`\n── ${file}`);
  const r = spawnSync(process.execPath, ['--import', tsx, '--import', rawText, `${dir}${file}`], {
    stdio: 'inherit',
    timeout: 10 * 60_000,
  });
  if (r.status !== 0) failed.push(`${file} (${r.signal ?? `exit ${r.status}`})`);
}
if (failed.length > 0) {
  console.log(`\nfailed: ${failed.join(', ')}`);
  process.exitCode = 1;
}

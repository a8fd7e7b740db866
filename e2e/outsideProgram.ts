import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '..');

/** The seed tutorial's own client program, compiled with gcc into a temporary folder. */
export function compileSeedClient(): string {
  const out = join(mkdtempSync(join(tmpdir(), 'socklab-seed-')), 'hello_client');
  execFileSync('gcc', ['-o', out, join(repoRoot, 'packages/lessons/src/hello/hello_client.c')]);
  return out;
}

/** A program started the way the UI tells a person to: its command, with `nc` replaced by `program`. */
export type Started = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

/**
 * Runs the command the UI shows beside a listener (`nc HOST PORT`, or
 * `sudo nsenter --net=PATH nc HOST PORT` for a lab in its own namespace),
 * with `program` in place of `nc`; as root here, so without `sudo`.
 */
export function runShownCommand(shown: string, program: string): Started {
  const words = shown.trim().split(/\s+/);
  const start = words[0] === 'sudo' ? 1 : 0;
  const nc = words.indexOf('nc');
  if (nc < 0) throw new Error(`no nc in the command the UI shows: ${shown}`);
  const argv = [...words.slice(start, nc), program, ...words.slice(nc + 1)];
  const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => output, exited };
}

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/** A built `socklab serve` child: its URL, port, token and pid (to read its memory in /proc). */
export type ServedApp = { url: string; port: number; token: string; pid: number; stop: () => Promise<void> };

/**
 * Spawns the built `socklab serve --port 0` (of `SOCKLAB_BENCH_APP`, another checkout, when set) and
 * resolves once it printed its URL. It records nothing unless `record`.
 */
export async function serveApp(options: { record?: boolean } = {}): Promise<ServedApp> {
  const cli = join(process.env.SOCKLAB_BENCH_APP ?? repo, 'apps/server/dist/cli.js');
  if (!existsSync(cli)) throw new Error('apps/server/dist/cli.js is missing: run `npm run build` first');
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', ...(options.record ? [] : ['--no-record'])], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const m = /^socklab: (http:\S+)$/m.exec(out);
      if (m?.[1]) ok(m[1]);
    });
    child.once('exit', (code) => fail(new Error(`socklab serve exited ${code}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    port: Number(parsed.port),
    token: parsed.searchParams.get('token') ?? '',
    pid: child.pid ?? 0,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((ok) => (child.exitCode === null ? child.once('exit', ok) : ok(null)));
    },
  };
}

/** A process's resident set and its peak so far (VmRSS, VmHWM of /proc/PID/status), in MB. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The class address e2e uses: a second loopback address, standing in for a LAN one. */
export const classAddress = '127.0.0.2';

const repoRoot = resolve(import.meta.dirname, '..');
const lines = {
  control: /^socklab: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)$/m,
  join: /^socklab class: (http:\/\/127\.0\.0\.2:\d+\/\?view=[\w-]+)$/m,
};

/** A running `socklab serve --class 127.0.0.2`: the teacher's URL and the join URL it printed. */
export type ClassApp = { url: string; joinUrl: string; stop: () => Promise<void> };

/** Spawns the built server in class mode (recording into a temp folder) and waits for both URLs. */
export async function startClassApp(): Promise<ClassApp> {
  const recordings = mkdtempSync(join(tmpdir(), 'socklab-e2e-class-'));
  const args = ['serve', '--port', '0', '--class', classAddress, '--recordings', recordings];
  const child = spawn(process.execPath, [resolve(repoRoot, 'apps/server/dist/cli.js'), ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const [url, joinUrl] = await new Promise<[string, string]>((ok, fail) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const control = lines.control.exec(stdout)?.[1];
      const join = lines.join.exec(stdout)?.[1];
      if (control !== undefined && join !== undefined) ok([control, join]);
    });
    void exited.then((code) => fail(new Error(`socklab serve --class exited (code ${code})\n${stdout}\n${stderr}`)));
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await exited;
  };
  return { url, joinUrl, stop };
}

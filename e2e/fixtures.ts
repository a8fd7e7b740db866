import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { LabPage } from './pages/LabPage.ts';

/** A running `socklab serve` and the URL it printed (with its token). */
export type App = { url: string };

/** A `socklab serve` process started by `startApp`: its URL, a clean stop, and a SIGKILL (chaos tests). */
export type AppProcess = { url: string; stop: () => Promise<void>; kill: () => Promise<void> };

const repoRoot = resolve(import.meta.dirname, '..');
const urlLine = /^socklab: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)$/m;
const startTimeoutMs = 15_000;

const serveArgs = (args: string[]) => [resolve(repoRoot, 'apps/server/dist/cli.js'), 'serve', ...args];
/**
 * `serve` on a port the kernel chooses, recording into a new folder of its own:
 * the suite never sees the recordings of another run of it or of anything else
 * on the machine. The folder is writable by `nobody` too, for the unprivileged
 * server.
 */
function serve(): { args: string[]; recordings: string } {
  const recordings = mkdtempSync(join(tmpdir(), 'socklab-e2e-rec-'));
  chmodSync(recordings, 0o777);
  return { args: serveArgs(['--port', '0', '--recordings', recordings]), recordings };
}

/**
 * The command that runs the server without CAP_NET_RAW: as `nobody` with no
 * capabilities when this process is root, else as this (unprivileged) user.
 */
function unprivileged(args: string[]): [string, string[]] {
  const setpriv = '/usr/bin/setpriv';
  if (process.getuid?.() === 0 && existsSync(setpriv)) {
    const drop = ['--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all'];
    return [setpriv, [...drop, process.execPath, ...args]];
  }
  return [process.execPath, args];
}

/**
 * Spawns the built server and waits for the URL it prints: on a port the
 * kernel chooses, or with `args` of its own (`--port N --recordings DIR`).
 */
export async function startApp(options: { unprivileged?: boolean; args?: string[] } = {}): Promise<AppProcess> {
  const own = options.args ? { args: serveArgs(options.args), recordings: null } : serve();
  const [command, args] = options.unprivileged ? unprivileged(own.args) : [process.execPath, own.args];
  const { found, stop, kill } = await spawnServe(command, args, [urlLine]);
  // A folder made for this server goes with it; one the caller named stays (a restart reads it again).
  const gone = (end: () => Promise<void>) => async () => {
    await end();
    if (own.recordings !== null) rmSync(own.recordings, { recursive: true, force: true });
  };
  return { url: found[0] as string, stop: gone(stop), kill: gone(kill) };
}

/**
 * Spawns `command args` (a `socklab serve`) and waits until its stdout has
 * printed a match of every pattern; resolves with each pattern's first group.
 */
export async function spawnServe(
  command: string,
  args: string[],
  patterns: RegExp[],
): Promise<{ found: string[]; stop: () => Promise<void>; kill: () => Promise<void> }> {
  const child = spawn(command, args, {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  const found = await new Promise<string[]>((ok, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`socklab serve printed no URL in ${startTimeoutMs} ms\n${stderr}`)),
      startTimeoutMs,
    );
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const matches = patterns.map((pattern) => pattern.exec(stdout)?.[1]);
      if (matches.every((match) => match !== undefined)) {
        clearTimeout(timer);
        ok(matches as string[]);
      }
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      fail(err);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`socklab serve exited early (code ${code})\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    });
  });

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
  };
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await exited;
  };
  return { found, stop, kill };
}

export const test = base.extend<{ lab: LabPage; labWithoutCapture: LabPage }, { app: App; appWithoutCapture: App }>({
  app: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a fixture needs from this pattern
    async ({}, use) => {
      const { url, stop } = await startApp();
      try {
        await use({ url });
      } finally {
        await stop();
      }
    },
    { scope: 'worker' },
  ],
  // A second server, started only by the tests that ask for it, that may not capture packets.
  appWithoutCapture: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a fixture needs from this pattern
    async ({}, use) => {
      const { url, stop } = await startApp({ unprivileged: true });
      try {
        await use({ url });
      } finally {
        await stop();
      }
    },
    { scope: 'worker' },
  ],
  lab: async ({ page, app }, use) => {
    await use(new LabPage(page, app.url));
  },
  labWithoutCapture: async ({ page, appWithoutCapture }, use) => {
    await use(new LabPage(page, appWithoutCapture.url));
  },
});

export { expect };

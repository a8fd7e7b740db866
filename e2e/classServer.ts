import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnServe } from './fixtures.ts';

/** The class address e2e uses: a second loopback address, standing in for a LAN one. */
export const classAddress = '127.0.0.2';

const cli = resolve(import.meta.dirname, '../apps/server/dist/cli.js');
const lines = [
  /^socklab: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)$/m,
  /^socklab class: (http:\/\/127\.0\.0\.2:\d+\/\?view=[\w-]+)$/m,
];

const labLine = /^socklab class labs: (http:\/\/127\.0\.0\.2:\d+\/\?view=[\w-]+&lab=[\w-]+)$/m;

/** A running `socklab serve --class 127.0.0.2`: the teacher's URL and the join URL it printed. */
export type ClassApp = {
  url: string;
  joinUrl: string;
  /** The lab join URL (with `labs`). */
  labJoinUrl?: string;
  /** The folder it records into (and keeps its class token in). */
  recordings: string;
  stop: () => Promise<void>;
  /** SIGKILL, as a crash would. */
  kill: () => Promise<void>;
};

/**
 * Spawns the built server in class mode (recording into a temp folder, or
 * `recordings`; on `port`, or one the kernel picks) and waits for both URLs.
 */
export async function startClassApp(
  options: { port?: number; recordings?: string; labs?: boolean } = {},
): Promise<ClassApp> {
  const recordings = options.recordings ?? mkdtempSync(join(tmpdir(), 'socklab-e2e-class-'));
  const port = String(options.port ?? 0);
  const args = [cli, 'serve', '--port', port, '--class', classAddress, '--recordings', recordings];
  if (options.labs) args.push('--class-labs');
  const { found, stop, kill } = await spawnServe(process.execPath, args, options.labs ? [...lines, labLine] : lines);
  const [url = '', joinUrl = '', labJoinUrl] = found;
  return { url, joinUrl, ...(labJoinUrl ? { labJoinUrl } : {}), recordings, stop, kill };
}

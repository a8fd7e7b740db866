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

/** A running `socklab serve --class 127.0.0.2`: the teacher's URL and the join URL it printed. */
export type ClassApp = { url: string; joinUrl: string; stop: () => Promise<void> };

/** Spawns the built server in class mode (recording into a temp folder) and waits for both URLs. */
export async function startClassApp(): Promise<ClassApp> {
  const recordings = mkdtempSync(join(tmpdir(), 'socklab-e2e-class-'));
  const args = [cli, 'serve', '--port', '0', '--class', classAddress, '--recordings', recordings];
  const { found, stop } = await spawnServe(process.execPath, args, lines);
  const [url = '', joinUrl = ''] = found;
  return { url, joinUrl, stop };
}

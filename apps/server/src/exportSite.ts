import { cpSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Recording } from '@socklab/protocol';

/** One recording to publish: the name it gets under `recordings/`, its text, and what it holds. */
export type SiteRecording = { name: string; text: string; recording: Recording };

/** One entry of `recordings/index.json`, as the web app's recording list reads it. */
export type SiteIndexEntry = { name: string; lesson?: string; createdAt: string; events: number };

/** Whether `dir` is missing or an empty folder: the only places a site is written. */
export function isFreshDir(dir: string): boolean {
  if (!existsSync(dir)) return true;
  return statSync(dir).isDirectory() && readdirSync(dir).length === 0;
}

/**
 * Writes a static site that replays recordings anywhere: the built web app
 * (`webRoot`), each recording as `recordings/<name>`, and
 * `recordings/index.json` listing them. The caller has validated every
 * recording and checked that `dir` is fresh. Returns the index it wrote.
 *
 * @example
 * writeSite('/tmp/site', webRoot, [{ name: 'handshake.ndjson', text, recording }]);
 */
export function writeSite(dir: string, webRoot: string, recordings: readonly SiteRecording[]): SiteIndexEntry[] {
  mkdirSync(dir, { recursive: true });
  cpSync(webRoot, dir, { recursive: true });
  const folder = join(dir, 'recordings');
  mkdirSync(folder, { recursive: true });
  const index = recordings.map(({ name, text, recording }): SiteIndexEntry => {
    writeFileSync(join(folder, name), text, { flag: 'wx' });
    return {
      name,
      ...(recording.header.lesson === undefined ? {} : { lesson: recording.header.lesson }),
      createdAt: recording.header.createdAt,
      events: recording.events.length,
    };
  });
  writeFileSync(join(folder, 'index.json'), `${JSON.stringify(index, null, 2)}\n`, { flag: 'wx' });
  return index;
}

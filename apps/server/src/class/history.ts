import { parseRecording } from '@socklab/protocol';
import type { Logger } from '../logger.ts';
import { Recordings } from '../recordings.ts';

/** The last run before a restart, as its recording holds it: what a viewer who rejoins is shown first. */
export type ClassHistory = {
  /** The recording's name in the recordings folder. */
  name: string;
  /** The file's bytes, served as they are (`GET /class/history`). */
  text: Buffer;
  /** Whether it has its end line (a run killed with the server has none: it is cut). */
  ended: boolean;
  events: number;
};

/**
 * The class's history after a restart (SPEC CLASS-7): the newest recording in
 * the recordings folder, written by the launch before this one, if it loads
 * (a cut file loads up to its last complete event). Null without one, or when
 * it does not load (the reason is logged): viewers then see only what comes.
 *
 * @example
 * const history = lastRun('/home/t/.local/share/socklab/recordings', logger); // { name: '2026-…-hello-1a2b.ndjson', ended: false, … }
 */
export function lastRun(dir: string, logger: Logger): ClassHistory | null {
  const folder = new Recordings(dir);
  const newest = folder.list()[0];
  if (newest === undefined) return null;
  try {
    const text = folder.read(newest.name);
    const recording = parseRecording(text);
    return { name: newest.name, text: Buffer.from(text), ended: recording.ended, events: recording.events.length };
  } catch (err) {
    logger.warn(`class: the last recording ${newest.name} is not shown to viewers: ${(err as Error).message}`);
    return null;
  }
}

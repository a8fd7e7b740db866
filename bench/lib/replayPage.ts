// Bundled by esbuild into the page of the replay figure: the web app's own parse and view code, in Chromium.
import { parseEvent, type SocklabEvent } from '@socklab/protocol';
import { createCheckpoints } from '../../apps/web/src/view/checkpoints.ts';
import { momentsOf } from '../../apps/web/src/view/moments.ts';

type ReplayResult = { parseMs: number; firstViewMs: number; seekMs: number[]; jsonParseMs: number };

/** Parses `text` event by event, derives the first view, then seeks to `seeks` cursors; all timed. */
function replay(text: string, seeks: number[]): ReplayResult {
  const jsonStart = performance.now();
  for (const line of text.split('\n')) if (line !== '') JSON.parse(line);
  const jsonParseMs = performance.now() - jsonStart;

  const start = performance.now();
  const log: SocklabEvent[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const parsed = parseEvent(line);
    if (!parsed.ok) throw new Error('a line of the recording is not a valid event');
    log.push(parsed.value);
  }
  const parseMs = performance.now() - start;
  const checkpoints = createCheckpoints();
  const viewStart = performance.now();
  checkpoints.viewAt(log, log.length);
  momentsOf(log);
  const firstViewMs = performance.now() - viewStart;
  const seekMs = seeks.map((cursor) => {
    const t = performance.now();
    checkpoints.viewAt(log, Math.floor(cursor * log.length));
    return performance.now() - t;
  });
  return { parseMs, firstViewMs, seekMs, jsonParseMs };
}

(globalThis as { socklabReplay?: typeof replay }).socklabReplay = replay;

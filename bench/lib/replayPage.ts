// Bundled by esbuild into the page of the replay figure: the web app's own parse and view code, in Chromium.
import { parseRecording } from '@socklab/protocol';
import { createCheckpoints } from '../../apps/web/src/view/checkpoints.ts';
import { momentOfStep, momentsOf } from '../../apps/web/src/view/moments.ts';

type ReplayResult = {
  parseMs: number;
  firstViewMs: number;
  headViewMs: number;
  seekMs: number[];
  jsonParseMs: number;
  events: number;
  /** Snapshots kept after the first view, and after the seeks (which read what the first view left unread). */
  checkpointsFirst: number;
  checkpointsAfter: number;
};

/**
 * Loads the recording `text` as the app does (`parseRecording`: every line
 * checked against the schema, then the view the app shows first: before step 1),
 * then the view at its head, then seeks to `seeks` cursors; all timed. The
 * seeks come straight after the first view: the first ones into the part of
 * the log the first view did not read fold it then, and their times include that.
 */
function replay(text: string, seeks: number[]): ReplayResult {
  const jsonStart = performance.now();
  for (const line of text.split('\n')) if (line !== '') JSON.parse(line);
  const jsonParseMs = performance.now() - jsonStart;

  const start = performance.now();
  const { events: log } = parseRecording(text);
  const parseMs = performance.now() - start;
  const checkpoints = createCheckpoints();
  const viewStart = performance.now();
  const moments = momentsOf(log);
  checkpoints.viewAt(log, momentOfStep(moments, 0));
  const firstViewMs = performance.now() - viewStart;
  const checkpointsFirst = checkpoints.size;
  const headStart = performance.now();
  checkpoints.viewAt(log, log.length);
  const headViewMs = performance.now() - headStart;
  const seekMs = seeks.map((cursor) => {
    const t = performance.now();
    checkpoints.viewAt(log, Math.floor(cursor * log.length));
    return performance.now() - t;
  });
  return {
    parseMs,
    firstViewMs,
    headViewMs,
    seekMs,
    jsonParseMs,
    events: log.length,
    checkpointsFirst,
    checkpointsAfter: checkpoints.size,
  };
}

(globalThis as { socklabReplay?: typeof replay }).socklabReplay = replay;

import * as v from 'valibot';
import { PROTOCOL_VERSION } from './base.ts';
import { parseEvent } from './codec.ts';
import { ErrorCode, SocklabError } from './errors.ts';
import type { SocklabEvent } from './events.ts';

/** The recording format's version; a reader refuses any other. */
export const RECORDING_VERSION = 1;
/** Limits a reader enforces before it parses anything (SECURITY.md #9). */
export const recordingLimits = { maxBytes: 16 * 1024 * 1024, maxLines: 100_000, maxLineBytes: 1024 * 1024 } as const;

/** Line 1 of a recording. */
export const RecordingHeaderSchema = v.object({
  format: v.literal('socklab-recording'),
  version: v.number(),
  protocol: v.number(),
  createdAt: v.string(),
  lesson: v.optional(v.string()),
});
export type RecordingHeader = v.InferOutput<typeof RecordingHeaderSchema>;

/** A loaded recording; `truncated` says a torn last line was dropped. */
export type Recording = { header: RecordingHeader; events: SocklabEvent[]; truncated: boolean };

/** The header line for a new recording. */
export function recordingHeader(lesson?: string): RecordingHeader {
  const header: RecordingHeader = {
    format: 'socklab-recording',
    version: RECORDING_VERSION,
    protocol: PROTOCOL_VERSION,
    createdAt: new Date().toISOString(),
  };
  if (lesson !== undefined) header.lesson = lesson;
  return header;
}

/**
 * Parses a whole NDJSON recording. A torn last line (no trailing newline, not
 * JSON) is dropped and reported; anything else invalid throws a
 * `SOCKLAB_ERR_RECORDING` error and nothing is returned.
 *
 * @example
 * const { events, truncated } = parseRecording(await readFile(path, 'utf8'));
 */
export function parseRecording(text: string): Recording {
  const fail = (why: string): never => {
    throw new SocklabError(ErrorCode.recording, why);
  };
  if (text.length > recordingLimits.maxBytes) fail(`recording is over ${recordingLimits.maxBytes} bytes`);
  const endsClean = text.endsWith('\n');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length > recordingLimits.maxLines) fail(`recording has over ${recordingLimits.maxLines} lines`);
  const [first, ...rest] = lines;
  if (first === undefined) fail('recording is empty');
  let headerJson: unknown;
  try {
    headerJson = JSON.parse(first as string);
  } catch {
    fail('line 1 is not JSON: not a socklab recording');
  }
  const header = v.safeParse(RecordingHeaderSchema, headerJson);
  if (!header.success) fail('line 1 is not a socklab-recording header');
  const h = header.output as RecordingHeader;
  if (h.version !== RECORDING_VERSION)
    fail(`recording version ${h.version} is not supported (this build reads ${RECORDING_VERSION})`);
  const events: SocklabEvent[] = [];
  let truncated = false;
  for (const [i, line] of rest.entries()) {
    const isLast = i === rest.length - 1;
    if (line.length > recordingLimits.maxLineBytes) fail(`line ${i + 2} is over ${recordingLimits.maxLineBytes} bytes`);
    const parsed = parseEvent(line);
    if (parsed.ok) {
      events.push(parsed.value);
    } else if (isLast && !endsClean) {
      truncated = true;
    } else {
      fail(`line ${i + 2}: ${parsed.error}`);
    }
  }
  return { header: h, events, truncated };
}

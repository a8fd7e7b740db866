import * as v from 'valibot';
import { PROTOCOL_VERSION } from './base.ts';
import { isEventAsIs, parseEvent } from './codec.ts';
import { ErrorCode, SocklabError } from './errors.ts';
import type { SocklabEvent } from './events.ts';

/** The recording format's version; a reader refuses any other. */
export const RECORDING_VERSION = 1;
/**
 * Limits a reader enforces before it parses anything (SECURITY.md #9). A
 * 100,000-event playground session is ~52 MB (half of it `kernel.table`), so a
 * file may be 64 MiB and 200,000 lines. Loaded, such a file costs about twice
 * its size in memory while it is parsed (measured in Node: the 53.6 MB text,
 * then 55.7 MB of events); the text can go once parsed.
 */
export const recordingLimits = { maxBytes: 64 * 1024 * 1024, maxLines: 200_000, maxLineBytes: 1024 * 1024 } as const;

const Text = v.pipe(v.string(), v.maxLength(200));

/** Line 1 of a recording: what made it, where, and with which of the machine's capabilities. */
export const RecordingHeaderSchema = v.object({
  format: v.literal('socklab-recording'),
  version: v.number(),
  protocol: v.number(),
  createdAt: Text,
  lesson: v.optional(Text),
  /** The socklab version that wrote it. */
  socklab: v.optional(Text),
  /** The machine's OS, CPU and kernel release (`uname -r`). */
  platform: v.optional(v.object({ os: Text, arch: Text, release: Text })),
  /** What the kernel could show there: packet capture, sock_diag, a private network per lab. */
  capabilities: v.optional(v.object({ capture: v.boolean(), sockDiag: v.boolean(), isolation: v.boolean() })),
});
export type RecordingHeader = v.InferOutput<typeof RecordingHeaderSchema>;

/** The last line of a recording that was closed properly. */
export const RecordingEndSchema = v.object({ format: v.literal('socklab-recording-end'), events: v.number() });
export type RecordingEnd = v.InferOutput<typeof RecordingEndSchema>;

/**
 * A loaded recording. `truncated`: a torn last line was dropped; `ended`: its
 * end line is there (a recording whose writer was killed has none, and keeps
 * every event written up to then).
 */
export type Recording = { header: RecordingHeader; events: SocklabEvent[]; truncated: boolean; ended: boolean };

/** The header line for a new recording. */
export function recordingHeader(
  lesson?: string,
  about: Pick<RecordingHeader, 'socklab' | 'platform' | 'capabilities'> = {},
): RecordingHeader {
  const header: RecordingHeader = {
    format: 'socklab-recording',
    version: RECORDING_VERSION,
    protocol: PROTOCOL_VERSION,
    createdAt: new Date().toISOString(),
    ...about,
  };
  if (lesson !== undefined) header.lesson = lesson;
  return header;
}

/** The end line of a recording of `events` events. */
export function recordingEnd(events: number): RecordingEnd {
  return { format: 'socklab-recording-end', events };
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
  const first = lines[0];
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
  let ended = false;
  const last = lines.length - 1;
  for (let n = 1; n <= last; n++) {
    const line = lines[n] as string;
    if (line.length > recordingLimits.maxLineBytes) fail(`line ${n + 1} is over ${recordingLimits.maxLineBytes} bytes`);
    if (ended) fail(`line ${n + 1} comes after the recording's end line`);
    if (line.startsWith('{"format":"socklab-recording-end"')) {
      const end = parseEnd(line);
      if (end === null && n === last && !endsClean) {
        truncated = true;
        continue;
      }
      if (end === null) fail(`line ${n + 1}: not a valid end line`);
      if (end?.events !== events.length)
        fail(`the end line counts ${end?.events} events, the file has ${events.length}`);
      ended = true;
      continue;
    }
    // The common case once: JSON.parse and the schema's fast check; anything else is parsed again for valibot's answer.
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      json = undefined;
    }
    if (isEventAsIs(json)) {
      events.push(json);
      continue;
    }
    const parsed = parseEvent(line);
    if (parsed.ok) {
      events.push(parsed.value);
    } else if (n === last && !endsClean) {
      truncated = true;
    } else {
      fail(`line ${n + 1}: ${parsed.error}`);
    }
  }
  return { header: h, events, truncated, ended };
}

function parseEnd(line: string): RecordingEnd | null {
  try {
    const end = v.safeParse(RecordingEndSchema, JSON.parse(line));
    return end.success ? end.output : null;
  } catch {
    return null;
  }
}

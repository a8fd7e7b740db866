import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import {
  ErrorCode,
  type RecordingHeader,
  recordingEnd,
  recordingLimits,
  SocklabError,
  type SocklabEvent,
} from '@socklab/protocol';

// What a recorder holds at most before it writes, whatever the tick.
const maxHeldBytes = 256 * 1024;

/**
 * One recording being written: the header, then one event per line, then the
 * end line on `close()`. Events are held until `flush()`, which writes every
 * line held in one write(2), and at the latest on the next tick: a killed
 * backend leaves every event flushed so far, whole. Its session flushes
 * before any bytes of those events leave the process (`EventLog.sync`), so
 * the file never lags behind what a viewer was sent. Past the format's
 * limits it stops writing and says so once.
 *
 * @example
 * const recorder = Recorder.create('/tmp/hello.ndjson', recordingHeader('hello'));
 * recorder.write(event);
 * recorder.flush(); // the file holds the event now
 * recorder.close();
 */
export class Recorder {
  readonly path: string;
  readonly #fd: number;
  #events = 0;
  #bytes = 0;
  #full = false;
  #closed = false;
  readonly #maxBytes: number;
  // Lines written but not yet flushed, and whether a flush is due on the next tick.
  #held: string[] = [];
  #heldBytes = 0;
  #due = false;
  readonly #flushSoon = () => {
    this.#due = false;
    this.flush();
  };

  private constructor(path: string, fd: number, maxBytes: number) {
    this.path = path;
    this.#fd = fd;
    this.#maxBytes = maxBytes;
  }

  /**
   * Creates `path` (never over an existing file) and writes the header.
   * `maxBytes` (at most the format's `recordingLimits.maxBytes`) is the size it stops at.
   */
  static create(path: string, header: RecordingHeader, maxBytes: number = recordingLimits.maxBytes): Recorder {
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 1 || maxBytes > recordingLimits.maxBytes) {
      throw new RangeError(`maxBytes must be an integer from 1 to ${recordingLimits.maxBytes}, got ${maxBytes}`);
    }
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (err) {
      throw new SocklabError(ErrorCode.recording, `cannot create the recording ${path}: ${(err as Error).message}`);
    }
    const recorder = new Recorder(path, fd, maxBytes);
    recorder.#line(JSON.stringify(header));
    recorder.flush();
    return recorder;
  }

  /** How many events it holds. */
  get events(): number {
    return this.#events;
  }

  /** Whether it reached the format's limits and stopped writing. */
  get full(): boolean {
    return this.#full;
  }

  /** Appends one event (written by the next `flush()`); returns false once the recording is full (nothing more is written). */
  write(event: SocklabEvent, json?: string): boolean {
    if (this.#closed || this.#full) return false;
    // The event log's JSON of it, when given: an event is stringified once.
    const line = json ?? JSON.stringify(event);
    // Room for this line and the end line, within the lines and bytes a reader accepts.
    const fits =
      this.#events + 3 <= recordingLimits.maxLines &&
      this.#bytes + Buffer.byteLength(line) + 200 <= this.#maxBytes &&
      line.length <= recordingLimits.maxLineBytes;
    if (!fits) {
      this.#full = true;
      return false;
    }
    this.#line(line);
    this.#events++;
    return true;
  }

  /** Writes every line held so far to the file, in one write(2). */
  flush(): void {
    if (this.#held.length === 0 || this.#closed) return;
    const bytes = Buffer.from(this.#held.join(''));
    this.#held = [];
    this.#heldBytes = 0;
    // A kill -9 mid-way leaves whole lines and at most one cut one, which a reader drops.
    for (let at = 0; at < bytes.length; ) at += writeSync(this.#fd, bytes, at);
  }

  /** Writes the end line and closes the file. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#line(JSON.stringify(recordingEnd(this.#events)));
    this.flush();
    this.#closed = true;
    closeSync(this.#fd);
  }

  #line(text: string): void {
    const line = `${text}\n`;
    const size = Buffer.byteLength(line);
    this.#held.push(line);
    this.#bytes += size;
    this.#heldBytes += size;
    // Memory stays bounded however many events one tick makes.
    if (this.#heldBytes >= maxHeldBytes) this.flush();
    else if (!this.#due) {
      this.#due = true;
      process.nextTick(this.#flushSoon);
    }
  }
}

/** One recording of the folder, as the UI lists it. */
export type RecordingEntry = { name: string; bytes: number; modified: string };

// Names socklab gives its recordings: nothing that could climb out of the folder.
const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.ndjson$/;

/** Whether `name` is one socklab could have given a recording (`2026-…-hello-1a2b.ndjson`): never a path. */
export function isRecordingName(name: string): boolean {
  return namePattern.test(name) && !name.includes('..');
}

/**
 * A recording name socklab could have given, made from any file's base name:
 * other characters become `_`, the name starts with a letter or digit, ends in
 * `.ndjson` and is short enough (SECURITY.md #9: published names are never paths).
 *
 * @example
 * recordingName('my run (2).ndjson') // 'my_run__2_.ndjson'
 */
export function recordingName(base: string): string {
  const stem = base
    .replace(/\.ndjson$/i, '')
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/\.{2,}/g, '_')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 100)
    .replace(/\.+$/, '');
  return `${stem === '' ? 'recording' : stem}.ndjson`;
}

/**
 * The folder the server keeps its recordings in, under names it chooses
 * itself (`2026-12-01T10-15-02-hello-1a2b.ndjson`): a browser never sends a
 * path, and a name is looked up only if it is one socklab could have given
 * (SECURITY.md #9, test 18).
 *
 * @example
 * const folder = new Recordings('/home/me/.local/share/socklab/recordings');
 * const recorder = folder.create('hello', header);
 * folder.list(); // [{ name: '2026-…-hello-1a2b.ndjson', bytes: 20431, … }]
 */
export class Recordings {
  readonly dir: string;
  /** The size each recording stops at (the format's limit by default). */
  readonly maxBytes: number;

  constructor(dir: string, options: { maxBytes?: number } = {}) {
    this.dir = resolve(dir);
    this.maxBytes = options.maxBytes ?? recordingLimits.maxBytes;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  /** Starts a new recording of `lesson` under a fresh name. */
  create(lesson: string, header: RecordingHeader): Recorder {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const tag = Math.random().toString(36).slice(2, 8);
    const safe = lesson.replace(/[^A-Za-z0-9-]/g, '_').slice(0, 40);
    return Recorder.create(join(this.dir, `${stamp}-${safe}-${tag}.ndjson`), header, this.maxBytes);
  }

  /** The recordings in the folder, newest first. */
  list(): RecordingEntry[] {
    return readdirSync(this.dir)
      .filter((name) => namePattern.test(name))
      .map((name) => {
        const stat = statSync(join(this.dir, name));
        return { name, bytes: stat.size, modified: stat.mtime.toISOString() };
      })
      .sort((a, b) => b.modified.localeCompare(a.modified));
  }

  /** The text of the recording `name`; refuses any name socklab would not give, or one outside the folder. */
  read(name: string): string {
    const file = this.#path(name);
    return readFileSync(file, 'utf8');
  }

  #path(name: string): string {
    if (!isRecordingName(name)) {
      throw new SocklabError(ErrorCode.recording, `not a recording name: ${JSON.stringify(name.slice(0, 80))}`);
    }
    const file = resolve(this.dir, name);
    if (!file.startsWith(this.dir + sep)) {
      throw new SocklabError(ErrorCode.recording, `not a recording name: ${JSON.stringify(name.slice(0, 80))}`);
    }
    return file;
  }
}

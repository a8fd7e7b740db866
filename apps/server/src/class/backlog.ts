import { readFileSync, statSync } from 'node:fs';
import type { Session } from '../session.ts';

/** The events a viewer who joins now is sent first: each event's JSON, oldest first. */
export type Backlog = readonly string[];

type Cached = { path: string; size: number; lines: string[]; lastSeq: number };

/**
 * What a session's viewers are sent on join: its recording being written
 * (every event of the current lesson run, as it was written: no call is
 * replayed), then the events of the session's bounded log after the
 * recording's last one (a full recording stops writing; the log goes on).
 * Without a recording, the bounded log alone. The file is read again only
 * when it grew, so a class joining at once reads it once.
 *
 * Must be called in the same tick as the viewer's subscription to the log:
 * events are written synchronously, so nothing falls between the two.
 */
export class BacklogReader {
  #cached: Cached | undefined;

  /** The backlog of `session` now. */
  read(session: Session): Backlog {
    // The recording holds every event so far first (it may hold lines until the next tick).
    session.log.sync();
    const fromFile = this.#recording(session.recording);
    const after = fromFile?.lastSeq ?? -1;
    const tail: string[] = [];
    for (const event of session.log.events()) {
      if (event.seq > after) tail.push(JSON.stringify(event));
    }
    return fromFile ? [...fromFile.lines, ...tail] : tail;
  }

  #recording(path: string | undefined): Cached | undefined {
    if (path === undefined) return undefined;
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      return undefined;
    }
    if (this.#cached?.path === path && this.#cached.size === size) return this.#cached;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
    // Line 1 is the header; every later whole line is one event (the end line comes only once the run is over).
    const lines: string[] = [];
    let lastSeq = -1;
    for (const line of text.split('\n').slice(1)) {
      if (line === '') continue;
      const seq = seqOf(line);
      if (seq === null) continue;
      lines.push(line);
      lastSeq = seq;
    }
    this.#cached = { path, size, lines, lastSeq };
    return this.#cached;
  }
}

function seqOf(line: string): number | null {
  try {
    const value = JSON.parse(line) as { seq?: unknown; type?: unknown };
    return typeof value.seq === 'number' && typeof value.type === 'string' ? value.seq : null;
  } catch {
    return null;
  }
}

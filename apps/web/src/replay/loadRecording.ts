import { parseRecording } from '@socklab/protocol';
import { modeStore } from '../playground/modeStore.ts';
import type { LabStore, RecordingProblem } from '../store/labStore.ts';

/**
 * What kind of problem a `parseRecording` error is, read from the parser's
 * own messages (recording.ts): another version, a line that is not an event,
 * a file over the limits, or not a recording at all.
 */
export function problemOf(error: unknown, from: string): RecordingProblem {
  const message = error instanceof Error ? error.message : String(error);
  const version = /recording version (\S+) is not supported/.exec(message);
  if (version) return { kind: 'version', detail: version[1] ?? '', from };
  if (/socklab-recording header|not a socklab recording|is empty/.test(message))
    return { kind: 'notRecording', detail: message, from };
  if (/ is over |has over /.test(message)) return { kind: 'limits', detail: message, from };
  const line = /^line (\d+)/.exec(message);
  if (line) return { kind: 'line', detail: line[1] ?? '', from };
  return { kind: 'notRecording', detail: message, from };
}

/**
 * Parses `text` and shows it as a replay; a bad file loads nothing and says why.
 * `link`: the address it was fetched from, for the page's `?recording=`. Returns whether it loaded.
 */
export function loadRecordingText(store: LabStore, text: string, from: string, link: string | null = null): boolean {
  let recording: ReturnType<typeof parseRecording>;
  try {
    recording = parseRecording(text);
  } catch (error) {
    store.getState().failRecording(problemOf(error, from));
    return false;
  }
  store.getState().loadRecording(recording, from, link);
  // Recordings are of lessons: a replay is shown as one, even from the playground.
  modeStore.getState().setMode('lessons');
  return true;
}

/** Fetches the recording at `url` (relative to the page) and loads it; a failed fetch is one problem too. */
export async function loadRecordingUrl(store: LabStore, url: string, init?: RequestInit): Promise<boolean> {
  let text: string;
  try {
    const response = await fetch(new URL(url, window.location.href), { cache: 'no-store', ...init });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    text = await response.text();
  } catch (error) {
    store.getState().failRecording({ kind: 'fetch', detail: (error as Error).message, from: url });
    return false;
  }
  return loadRecordingText(store, text, url, url);
}

/** Reads a file the user picked or dropped and loads it. */
export async function loadRecordingFile(store: LabStore, file: File): Promise<boolean> {
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    store.getState().failRecording({ kind: 'fetch', detail: (error as Error).message, from: file.name });
    return false;
  }
  return loadRecordingText(store, text, file.name);
}

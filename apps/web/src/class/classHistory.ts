import { parseRecording, type Recording } from '@socklab/protocol';
import { sessionCheckUrl } from '../connection/credential.ts';

/** The class's last run before a restart, as the class listener serves it (`GET /class/history`). */
export type ClassHistory = { name: string; recording: Recording };

/** What the class listener says on this connection: its launch, and the history it keeps (null: none). */
export type HistoryAnswer = { launch: string; history: ClassHistory | null };

/**
 * Where a viewer was, kept in this tab's sessionStorage: the launch of the
 * server it watched, whether it looked at the history, whether it followed
 * live, and the step shown (steps run, as `seekStep` counts them).
 */
export type ViewerPlace = { launch: string; onHistory: boolean; live: boolean; step: number };

const placeKey = 'socklab.place';

/** The `/class/history` address of a class page's WebSocket address (its token and seat). */
export function historyUrl(webSocketUrl: string): string {
  const url = new URL(sessionCheckUrl(webSocketUrl));
  url.pathname = '/class/history';
  url.searchParams.delete('name');
  return url.toString();
}

/**
 * Asks the class listener for its history: null when it does not answer or
 * refuses; a recording that does not load is no history (nothing half shown).
 */
export async function fetchHistory(webSocketUrl: string): Promise<HistoryAnswer | null> {
  try {
    const res = await fetch(historyUrl(webSocketUrl), { cache: 'no-store' });
    const launch = res.headers.get('x-socklab-launch');
    if (launch === null || (res.status !== 200 && res.status !== 204)) return null;
    if (res.status === 204) return { launch, history: null };
    const name = res.headers.get('x-socklab-recording') ?? 'recording';
    return { launch, history: { name, recording: parseRecording(await res.text()) } };
  } catch {
    return null;
  }
}

/** The place this tab kept, or null. */
export function readPlace(): ViewerPlace | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(placeKey) ?? 'null') as Partial<ViewerPlace> | null;
    if (value === null || typeof value.launch !== 'string' || !Number.isInteger(value.step)) return null;
    return {
      launch: value.launch,
      onHistory: value.onHistory === true,
      live: value.live === true,
      step: value.step ?? 0,
    };
  } catch {
    return null;
  }
}

/** Keeps `place` for this tab (a reconnect, a reload). */
export function keepPlace(place: ViewerPlace): void {
  try {
    sessionStorage.setItem(placeKey, JSON.stringify(place));
  } catch {
    // Without storage the place is not kept: a rejoin follows live.
  }
}

/**
 * Whether a viewer that kept `place` and now reached `launch` should be shown
 * the history (SPEC CLASS-7): it watched the launch before (the server was
 * started again since), or it was looking at the history already.
 */
export function returnsToHistory(place: ViewerPlace | null, launch: string): boolean {
  return place !== null && (place.launch !== launch || place.onHistory);
}

import { takeFromUrl } from '../urlCredential.ts';

/** The viewer token of a class join URL (`/?view=…`): a reload stays a viewer; null on the teacher's page. */
export function takeViewerToken(): string | null {
  return takeFromUrl('view', 'socklab.view');
}

/** The lab token of a lab join URL (`/?view=…&lab=…`): kept for this tab like the viewer token; null without one. */
export function takeLabToken(): string | null {
  return takeFromUrl('lab', 'socklab.lab');
}

const mineKey = 'socklab.mine';

/** Whether this tab asked for a lab of its own ("Open my own lab"); a reload stays in it. */
export function wantsOwnLab(): boolean {
  try {
    return sessionStorage.getItem(mineKey) === '1';
  } catch {
    return false;
  }
}

/** Switches this tab between the student's own lab and following the teacher, by reloading the page. */
export function switchOwnLab(on: boolean): void {
  try {
    if (on) sessionStorage.setItem(mineKey, '1');
    else sessionStorage.removeItem(mineKey);
  } catch {
    // Without storage the switch cannot outlive the reload; nothing else to do.
    return;
  }
  window.location.reload();
}

/**
 * The WebSocket of the class listener that served this page: a viewer's
 * (`view`) or a student lab's (`lab`), each with its own token, and this
 * browser's seat and display name when it has them.
 *
 * @example
 * viewerSocketUrl(new URL('http://192.168.1.20:7077/'), 'abc') // 'ws://192.168.1.20:7077/ws?view=abc'
 * viewerSocketUrl(new URL('http://192.168.1.20:7077/'), 'xyz', 'lab') // 'ws://192.168.1.20:7077/ws?lab=xyz'
 */
export function viewerSocketUrl(
  page: URL,
  token: string,
  param: 'view' | 'lab' = 'view',
  member: { seat?: string | null; name?: string | null } = {},
): string {
  const url = new URL('/ws', page);
  url.protocol = page.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = new URLSearchParams({ [param]: token });
  if (member.seat) query.set('seat', member.seat);
  if (member.name) query.set('name', member.name);
  url.search = query.toString();
  url.hash = '';
  return url.toString();
}

const seatKey = 'socklab.seat';
const nameKey = 'socklab.name';
const joinedKey = 'socklab.joined';

/**
 * This browser's seat in a class: random, made once and kept in its
 * localStorage, so the teacher's "End" holds for every tab of this browser
 * (SECURITY.md #11). Null where storage is off: the page joins without one.
 */
export function classSeat(): string | null {
  try {
    const kept = localStorage.getItem(seatKey);
    if (kept !== null && /^[A-Za-z0-9_-]{22,43}$/.test(kept)) return kept;
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    const seat = btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    localStorage.setItem(seatKey, seat);
    return seat;
  } catch {
    return null;
  }
}

/** Whether this tab passed the join page (a reload and a reconnect do not ask again), and the name it gave. */
export function joinedAs(): { joined: boolean; name: string | null } {
  try {
    return { joined: sessionStorage.getItem(joinedKey) === '1', name: sessionStorage.getItem(nameKey) };
  } catch {
    return { joined: false, name: null };
  }
}

/** Keeps for this tab that it joined, with `name` (or none). */
export function rememberJoin(name: string | null): void {
  try {
    sessionStorage.setItem(joinedKey, '1');
    if (name === null) sessionStorage.removeItem(nameKey);
    else sessionStorage.setItem(nameKey, name);
  } catch {
    // Without storage a reload shows the join page again; nothing else is lost.
  }
}

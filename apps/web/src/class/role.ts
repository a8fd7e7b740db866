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
 * (`view`) or a student lab's (`lab`), each with its own token.
 *
 * @example
 * viewerSocketUrl(new URL('http://192.168.1.20:7077/'), 'abc') // 'ws://192.168.1.20:7077/ws?view=abc'
 * viewerSocketUrl(new URL('http://192.168.1.20:7077/'), 'xyz', 'lab') // 'ws://192.168.1.20:7077/ws?lab=xyz'
 */
export function viewerSocketUrl(page: URL, token: string, param: 'view' | 'lab' = 'view'): string {
  const url = new URL('/ws', page);
  url.protocol = page.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = new URLSearchParams({ [param]: token }).toString();
  url.hash = '';
  return url.toString();
}

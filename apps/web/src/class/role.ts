import { takeFromUrl } from '../urlCredential.ts';

/** The viewer token of a class join URL (`/?view=…`): a reload stays a viewer; null on the teacher's page. */
export function takeViewerToken(): string | null {
  return takeFromUrl('view', 'socklab.view');
}

/**
 * The viewer WebSocket of the class listener that served this page.
 *
 * @example
 * viewerSocketUrl(new URL('http://192.168.1.20:7077/'), 'abc') // 'ws://192.168.1.20:7077/ws?view=abc'
 */
export function viewerSocketUrl(page: URL, token: string): string {
  const url = new URL('/ws', page);
  url.protocol = page.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = new URLSearchParams({ view: token }).toString();
  url.hash = '';
  return url.toString();
}

const VIEWER_KEY = 'socklab.view';

/**
 * The viewer token of a class join URL (`/?view=…`), taken into this tab's
 * sessionStorage and out of the visible URL (and history), so a reload stays
 * a viewer; null on the teacher's page.
 */
export function takeViewerToken(location: Location = window.location): string | null {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('view');
  if (fromUrl !== null && fromUrl !== '') {
    try {
      sessionStorage.setItem(VIEWER_KEY, fromUrl);
    } catch {
      // Storage can be disabled; the token still works for this page load.
    }
    params.delete('view');
    const search = params.toString();
    window.history.replaceState(
      window.history.state,
      '',
      `${location.pathname}${search ? `?${search}` : ''}${location.hash}`,
    );
    return fromUrl;
  }
  try {
    return sessionStorage.getItem(VIEWER_KEY);
  } catch {
    return null;
  }
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

/**
 * Takes a credential from the URL's `param` into this tab's sessionStorage
 * under `key`, and out of the visible URL (and history); else the one stored
 * earlier (a reload), else null.
 */
export function takeFromUrl(param: string, key: string, location: Location = window.location): string | null {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get(param);
  if (fromUrl !== null && fromUrl !== '') {
    try {
      sessionStorage.setItem(key, fromUrl);
    } catch {
      // Storage can be disabled; the token still works for this page load.
    }
    params.delete(param);
    const search = params.toString();
    window.history.replaceState(
      window.history.state,
      '',
      `${location.pathname}${search ? `?${search}` : ''}${location.hash}`,
    );
    return fromUrl;
  }
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

import { useEffect, useSyncExternalStore } from 'react';
import { usePrefs } from './prefsStore.ts';

const darkQuery = '(prefers-color-scheme: dark)';

// One query for the page: its `matches` follows the system, and React reads it at every render of the app.
let schemeQuery: MediaQueryList | null = null;
const darkScheme = (): MediaQueryList => {
  schemeQuery ??= window.matchMedia(darkQuery);
  return schemeQuery;
};

function subscribeScheme(onChange: () => void): () => void {
  const query = darkScheme();
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/** The theme the page shows: the one chosen, else the system's. */
export function useShownTheme(): 'light' | 'dark' {
  const theme = usePrefs((s) => s.theme);
  const systemDark = useSyncExternalStore(subscribeScheme, () => darkScheme().matches);
  return theme === 'system' ? (systemDark ? 'dark' : 'light') : theme;
}

/** Puts the shown theme on `<html data-theme>`, where the stylesheet's colours follow it. */
export function useThemeOnRoot(): void {
  const shown = useShownTheme();
  useEffect(() => {
    document.documentElement.dataset.theme = shown;
  }, [shown]);
}

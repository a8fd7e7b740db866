import { useEffect, useSyncExternalStore } from 'react';
import { usePrefs } from './prefsStore.ts';

const darkQuery = '(prefers-color-scheme: dark)';

function subscribeScheme(onChange: () => void): () => void {
  const query = window.matchMedia(darkQuery);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/** The theme the page shows: the one chosen, else the system's. */
export function useShownTheme(): 'light' | 'dark' {
  const theme = usePrefs((s) => s.theme);
  const systemDark = useSyncExternalStore(subscribeScheme, () => window.matchMedia(darkQuery).matches);
  return theme === 'system' ? (systemDark ? 'dark' : 'light') : theme;
}

/** Puts the shown theme on `<html data-theme>`, where the stylesheet's colours follow it. */
export function useThemeOnRoot(): void {
  const shown = useShownTheme();
  useEffect(() => {
    document.documentElement.dataset.theme = shown;
  }, [shown]);
}

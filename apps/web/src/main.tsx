import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { takeViewerToken, viewerSocketUrl } from './class/role.ts';
import { RoleProvider } from './class/useIsViewer.tsx';
import { ConnectionProvider } from './connection/ConnectionProvider.tsx';
import { webSocketUrl } from './connection/webSocketActor.ts';
import { defaultLang } from './i18n/strings.ts';
import { createLabStore } from './store/labStore.ts';
import { LabStoreProvider } from './store/useLab.ts';
import { takeFromUrl } from './urlCredential.ts';

const TOKEN_KEY = 'socklab.token';

/** Takes the token from the URL into sessionStorage and out of the visible URL (and history). */
const takeToken = (): string | null => takeFromUrl('token', TOKEN_KEY);

/**
 * The WebSocket to open: with the token from the address (or this tab's
 * storage), else with the browser's cookie if the server says it holds one
 * (a reload, a new tab, a link), else none: the page says how to get in.
 */
async function connectionUrl(): Promise<string | null> {
  const page = new URL(window.location.href);
  const token = takeToken();
  if (token !== null) return webSocketUrl(page, token);
  try {
    const session = await fetch('/api/session', { credentials: 'same-origin', cache: 'no-store' });
    return session.status === 204 ? webSocketUrl(page, null) : null;
  } catch {
    return null;
  }
}

// The shipped fonts' @font-face rules (hundreds, one per unicode-range slice) load beside the
// app, not before it: the initial bundle stays small, and Hangul is drawn in them as they come.
void import('./fonts.css');

// A class join URL (`?view=`) makes this page a read-only viewer of the teacher's session.
const viewerToken = takeViewerToken();
const url = viewerToken === null ? await connectionUrl() : viewerSocketUrl(new URL(window.location.href), viewerToken);
const store = createLabStore({ lang: defaultLang(navigator.language) });
const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <RoleProvider role={viewerToken === null ? 'control' : 'viewer'}>
      <LabStoreProvider store={store}>
        <ConnectionProvider url={url} store={store} readOnly={viewerToken !== null}>
          <App />
        </ConnectionProvider>
      </LabStoreProvider>
    </RoleProvider>
  </StrictMode>,
);

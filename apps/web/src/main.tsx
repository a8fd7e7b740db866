import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { ClassJoin } from './class/ClassJoin.tsx';
import { classSeat, takeLabToken, takeViewerToken, viewerSocketUrl, wantsOwnLab } from './class/role.ts';
import { type Role, RoleProvider } from './class/useIsViewer.tsx';
import { ConnectionProvider } from './connection/ConnectionProvider.tsx';
import { webSocketUrl } from './connection/webSocketActor.ts';
import { defaultLang } from './i18n/strings.ts';
import { parsePlace } from './replay/place.ts';
import { arrivalOf } from './replay/useAddress.ts';
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
 * `backend`: whether a socklab server serves the page at all. A static host
 * answers `/api/session` with a 404, a page of its own or nothing: then the
 * page replays recordings only.
 */
async function connection(): Promise<{ url: string | null; backend: boolean }> {
  const page = new URL(window.location.href);
  const token = takeToken();
  if (token !== null) return { url: webSocketUrl(page, token), backend: true };
  try {
    const session = await fetch('/api/session', { credentials: 'same-origin', cache: 'no-store' });
    // socklab answers 204 (this browser holds the cookie) or 403 (it does not), never with a body.
    if (session.status === 204) return { url: webSocketUrl(page, null), backend: true };
    return { url: null, backend: session.status === 403 };
  } catch {
    return { url: null, backend: false };
  }
}

// The shipped fonts' @font-face rules (hundreds, one per unicode-range slice) load beside the
// app, not before it: the initial bundle stays small, and Hangul is drawn in them as they come.
void import('./fonts.css');

// A class join URL (`?view=`) makes this page a read-only viewer of the teacher's session; a lab join URL
// (`&lab=`) lets it switch to a lab of the student's own (its own session, in its own network namespace).
const viewerToken = takeViewerToken();
const labToken = takeLabToken();
const page = new URL(window.location.href);
const role: Role = viewerToken === null ? 'control' : labToken !== null && wantsOwnLab() ? 'lab' : 'viewer';
const { url, backend } = role === 'control' ? await connection() : { url: null, backend: true };
// A class page's WebSocket, once the join page has its name (the seat is this browser's, kept in localStorage).
const seat = role === 'control' ? null : classSeat();
const classSocketUrl = (name: string | null) =>
  role === 'lab' && labToken !== null
    ? viewerSocketUrl(page, labToken, 'lab', { seat, name })
    : viewerSocketUrl(page, viewerToken ?? '', 'view', { seat, name });
// Where the address says the page is (a link, a reload); anything invalid there falls back to defaults.
const place = parsePlace(window.location.hash);
const arrival = { place, recording: arrivalOf(window.location.search) };
const store = createLabStore({
  lang: place.lang ?? defaultLang(navigator.language),
  ...(place.lesson === undefined ? {} : { lessonId: place.lesson }),
  backend,
});
const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <RoleProvider role={role} canOpenLab={labToken !== null}>
      <LabStoreProvider store={store}>
        {role === 'control' ? (
          <ConnectionProvider url={url} store={store}>
            <App arrival={arrival} />
          </ConnectionProvider>
        ) : (
          <ClassJoin socketUrl={classSocketUrl} canOpenLab={labToken !== null}>
            {(classUrl) => (
              <ConnectionProvider url={classUrl} store={store} readOnly={role === 'viewer'}>
                <App arrival={arrival} />
              </ConnectionProvider>
            )}
          </ClassJoin>
        )}
      </LabStoreProvider>
    </RoleProvider>
  </StrictMode>,
);

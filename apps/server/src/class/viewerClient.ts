import type { RunningServer } from '../httpServer.ts';
import { type Client, connect, upgradeStatusOf } from '../testing/harness.ts';

/** The class address tests use: a second loopback address, standing in for a LAN one (SECURITY.md "Tests"). */
export const testClassAddress = '127.0.0.2';

/**
 * Opens a viewer of `server`'s class: the class address, its own origin and
 * the viewer token, unless overridden (tests of refusals).
 */
export function viewer(
  server: RunningServer,
  options: { origin?: string | null; host?: string; query?: string; cookie?: string } = {},
): Client {
  const running = server.class;
  if (!running) throw new Error('viewer: the server is not in class mode');
  const { address, port } = running.listener;
  return connect(server, {
    url: `ws://${address}:${port}/ws${options.query ?? `?view=${running.room.token}`}`,
    origin: options.origin === undefined ? `http://${address}:${port}` : options.origin,
    ...(options.host ? { host: options.host } : {}),
    ...(options.cookie ? { cookie: options.cookie } : {}),
  });
}

/** The HTTP status of a viewer upgrade: 101 if accepted, else the refusal's status. */
export function viewerUpgradeStatus(server: RunningServer, options: Parameters<typeof viewer>[1]): Promise<number> {
  return upgradeStatusOf(viewer(server, options));
}

/** Opens a student lab of `server`'s class: the class address and origin, with the lab token unless `query` says otherwise. */
export function labClient(server: RunningServer, query?: string): Client {
  const token = server.class?.room.labToken;
  if (!token && query === undefined) throw new Error('labClient: the class has no student labs');
  return viewer(server, { query: query ?? `?lab=${token}` });
}

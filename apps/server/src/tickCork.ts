import type { Duplex } from 'node:stream';

/**
 * `send`, with every frame sent within one tick written to `socket` at once:
 * the socket is corked at the first frame and uncorked on the next tick, so a
 * call's events (several frames each) leave in one writev(2) instead of one
 * write(2) each. Each event stays a frame of its own. Without a socket
 * (an upgrade handled elsewhere), `send` as it is. `beforeWrite` runs before
 * any of those bytes can reach the socket (a recording written first:
 * `EventLog.sync`).
 *
 * @example
 * const send = tickCorked(upgradeSocket, (json) => ws.send(json), () => log.sync());
 * log.subscribe((_event, json) => send(json));
 */
export function tickCorked(
  socket: Duplex | undefined,
  send: (json: string) => void,
  beforeWrite: () => void = () => {},
): (json: string) => void {
  const now = (json: string) => {
    beforeWrite();
    send(json);
  };
  if (socket === undefined) return now;
  let corked = false;
  const uncork = () => {
    corked = false;
    beforeWrite();
    socket.uncork();
  };
  return (json) => {
    if (corked) return send(json);
    if (socket.destroyed) return now(json);
    corked = true;
    socket.cork();
    process.nextTick(uncork);
    send(json);
  };
}
